package org.kdumpreceiver.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;

/**
 * Manual throughput measurement for crypto/README.md (not a test):
 * {@code java -cp crypto/target/classes:crypto/target/test-classes org.kdumpreceiver.crypto.Throughput}
 */
public final class Throughput {
    private static final int MIB = 1 << 20;

    private Throughput() {}

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        Identity identity = Identity.generate();
        List<Recipient> recipients = List.of(identity.recipient());
        byte[] data = new byte[MIB];
        new Random(1).nextBytes(data);
        for (int round = 0; round < 3; round++) {
            // The bare cipher on the same 64 KiB chunks: the ceiling for sealing.
            ChunkCipher cipher = new ChunkCipher(new byte[32]);
            byte[] sealedChunk = new byte[ChunkCipher.CHUNK + ChunkCipher.TAG];
            long bareStart = System.nanoTime();
            for (long i = 0; i < mib * 16L; i++) {
                cipher.seal(data, (int) (i % 16) * ChunkCipher.CHUNK, ChunkCipher.CHUNK, i, false, sealedChunk);
            }
            report("bare ChaCha20-Poly1305", mib, bareStart);
            for (int writeSize : new int[] {MIB, 4096, 100}) {
                long start = System.nanoTime();
                try (OutputStream out = Sealer.seal(OutputStream.nullOutputStream(), recipients)) {
                    for (int i = 0; i < mib; i++) {
                        for (int off = 0; off < MIB; off += writeSize) {
                            out.write(data, off, Math.min(writeSize, MIB - off));
                        }
                    }
                }
                report("seal, " + writeSize + "-byte writes", mib, start);
            }
        }
        ByteArrayOutputStream sealed = new ByteArrayOutputStream(65 * MIB);
        try (OutputStream out = Sealer.seal(sealed, recipients)) {
            for (int i = 0; i < 64; i++) {
                out.write(data);
            }
        }
        byte[] bytes = sealed.toByteArray();
        byte[] buffer = new byte[MIB];
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (int pass = 0; pass < mib / 64; pass++) {
                try (InputStream in = Opener.open(new ByteArrayInputStream(bytes), List.of(identity))) {
                    while (in.read(buffer) >= 0) {
                        // drain
                    }
                }
            }
            report("open, 1 MiB reads", mib / 64 * 64, start);
        }
    }

    private static void report(String what, int mib, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-28s %6.0f MB/s (%d MiB in %.2f s, %s)%n", what, mib * (double) MIB / 1e6 / seconds,
                mib, seconds, System.getProperty("java.version"));
    }
}
