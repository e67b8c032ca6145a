package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.format.FlattenedRebuild;
import org.kdumpreceiver.format.VerdictReason;

class WriteLogTest {
    /** Segments kept in memory, with how each ended. */
    static final class Memory implements WriteLog.Segments {
        final List<ByteArrayOutputStream> segments = new ArrayList<>();
        final List<String> endings = new ArrayList<>();

        @Override
        public WriteLog.Segment first() {
            return open();
        }

        @Override
        public WriteLog.Segment overlay() {
            return open();
        }

        private WriteLog.Segment open() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int index = segments.size();
            segments.add(b);
            endings.add(null);
            return new WriteLog.Segment() {
                @Override
                public void write(byte[] bytes, int off, int len) {
                    b.write(bytes, off, len);
                }

                @Override
                public void complete() {
                    endings.set(index, "complete");
                }

                @Override
                public void abort(VerdictReason reason) {
                    endings.set(index, reason.token());
                }
            };
        }
    }

    /** A client's own flattened stream: header, one record of {@code payload} at 0, end marker. */
    private static byte[] flattened(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4096 + 16 + payload.length + 16);
        b.put("makedumpfile".getBytes()).position(16);
        b.putLong(1).putLong(1).position(4096);
        b.putLong(0).putLong(payload.length).put(payload);
        b.putLong(-1).putLong(-1);
        return b.array();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void write(WriteLog log, byte[] content, int from, int to) throws Exception {
        log.write(from, Arrays.copyOfRange(content, from, to), 0, to - from);
    }

    @Test
    void flattenedStreamWithReorderedAndResentWritesPassesThroughUnchanged() throws Exception {
        byte[] stream = flattened(random(200_000, 1));
        Memory m = new Memory();
        WriteLog log = new WriteLog(m, 1 << 20);
        write(log, stream, 0, 65536);
        write(log, stream, 131072, stream.length);  // ahead of the stream: held
        write(log, stream, 65536, 131072);
        write(log, stream, 180_000, 200_000);        // a resend of bytes already stored (within the last 64 KiB)
        log.finish();
        assertEquals(WriteLog.Mode.PASSTHROUGH, log.mode());
        assertEquals(1, m.segments.size());
        assertEquals("complete", m.endings.get(0));
        assertArrayEquals(stream, m.segments.get(0).toByteArray());
    }

    @Test
    void brokenPassThroughContinuesInAnOverlayAndLosesNothing(@TempDir Path tmp) throws Exception {
        byte[] stream = flattened(random(100_000, 2));
        byte[] client = stream.clone();
        Memory m = new Memory();
        WriteLog log = new WriteLog(m, 1 << 20);
        write(log, stream, 0, 50_000);
        byte[] changed = random(1000, 3);
        System.arraycopy(changed, 0, client, 5000, 1000);
        log.write(5000, changed, 0, 1000);           // rewrites stored bytes with other content
        write(log, stream, 50_000, stream.length);
        log.finish();
        assertTrue(log.overlaid());
        assertEquals(List.of(VerdictReason.NFS_OUT_OF_SEQUENCE.token(), "complete"), m.endings);
        byte[] base = m.segments.get(0).toByteArray();
        assertArrayEquals(Arrays.copyOf(stream, 50_000), base);
        // The client's file = the first segment with the overlay's records written over it.
        Path rebuilt = tmp.resolve("overlay");
        FlattenedRebuild.rebuild(new ByteArrayInputStream(m.segments.get(1).toByteArray()), rebuilt);
        byte[] over = Files.readAllBytes(rebuilt);
        byte[] merged = Arrays.copyOf(base, Math.max(base.length, over.length));
        for (int i = 0; i < over.length; i++) {
            boolean written = (i >= 5000 && i < 6000) || i >= 50_000;
            if (written) {
                merged[i] = over[i];
            }
        }
        assertArrayEquals(client, merged);
    }

    @Test
    void smallSequentialFileIsStoredRaw() throws Exception {
        byte[] text = "Linux version 6.1.0\nKernel panic - not syncing\n".getBytes();
        Memory m = new Memory();
        WriteLog log = new WriteLog(m, 1 << 20);
        write(log, text, 0, 10);
        write(log, text, 10, text.length);
        log.finish();
        assertArrayEquals(text, m.segments.get(0).toByteArray());
    }

    @Test
    void randomWritesBecomeAWriteLogThatRebuildsTheFile(@TempDir Path tmp) throws Exception {
        byte[] file = random(300_000, 4);
        Memory m = new Memory();
        WriteLog log = new WriteLog(m, 1 << 20);
        write(log, file, 0, 4096);
        write(log, file, 200_000, file.length);
        log.write(8192, new byte[100], 0, 100);      // overwritten later: last write wins
        write(log, file, 4096, 200_000);
        log.finish();
        assertEquals(WriteLog.Mode.LOG, log.mode());
        Path out = tmp.resolve("rebuilt");
        FlattenedRebuild.rebuild(new ByteArrayInputStream(m.segments.get(0).toByteArray()), out);
        assertArrayEquals(file, Files.readAllBytes(out));
    }

    @Test
    void abortKeepsWhatArrivedWithoutEndMarker() throws Exception {
        Memory m = new Memory();
        WriteLog log = new WriteLog(m, 1 << 20);
        log.write(4096, new byte[10], 0, 10);
        log.abort(VerdictReason.CONNECTION_LOST);
        byte[] out = m.segments.get(0).toByteArray();
        assertEquals(4096 + 16 + 10, out.length);
        assertEquals("connection-lost", m.endings.get(0));
    }
}
