package org.kdumpreceiver.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seals a generated stream in one thread and opens it through a pipe in another, so nothing is ever
 * held in full. Run as a main in a child JVM with a small -Xmx to prove bounded memory; also used
 * to measure throughput. Prints "OK bytes seconds" on success.
 */
public final class StreamThrough {
    private static final int BLOCK = 1 << 20;

    private StreamThrough() {}

    public static void main(String[] args) throws Exception {
        long total = Long.parseLong(args[0]);
        int writeSize = args.length > 1 ? Integer.parseInt(args[1]) : BLOCK;
        long start = System.nanoTime();
        run(total, writeSize);
        System.out.println("OK " + total + " " + (System.nanoTime() - start) / 1e9);
    }

    static void run(long total, int writeSize) throws Exception {
        Identity identity = Identity.generate();
        PipedInputStream pipeIn = new PipedInputStream(BLOCK);
        PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (OutputStream sealing = Sealer.seal(pipeOut, List.of(identity.recipient()))) {
                Pattern pattern = new Pattern();
                byte[] block = new byte[writeSize];
                for (long done = 0; done < total; done += writeSize) {
                    int n = (int) Math.min(writeSize, total - done);
                    pattern.fill(block, n);
                    sealing.write(block, 0, n);
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        }, "sealer");
        writer.start();
        try (InputStream opened = Opener.open(pipeIn, List.of(identity))) {
            Pattern expected = new Pattern();
            byte[] got = new byte[BLOCK];
            byte[] want = new byte[BLOCK];
            long read = 0;
            while (true) {
                int n = opened.readNBytes(got, 0, BLOCK);
                if (n == 0) {
                    break;
                }
                expected.fill(want, n);
                if (!Arrays.equals(got, 0, n, want, 0, n)) {
                    throw new AssertionError("plaintext differs in block at offset " + read);
                }
                read += n;
            }
            if (read != total) {
                throw new AssertionError("read " + read + " bytes, expected " + total);
            }
        }
        writer.join();
        if (writerFailure.get() != null) {
            throw new AssertionError("sealing failed", writerFailure.get());
        }
    }

    /** A cheap deterministic byte stream (xorshift), independent of how it is split into blocks. */
    private static final class Pattern {
        private long state = 0x9E3779B97F4A7C15L;
        private long word;
        private int left;

        void fill(byte[] target, int length) {
            for (int i = 0; i < length; i++) {
                if (left == 0) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                    word = state;
                    left = 8;
                }
                target[i] = (byte) word;
                word >>>= 8;
                left--;
            }
        }
    }
}
