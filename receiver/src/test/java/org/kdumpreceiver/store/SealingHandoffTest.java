package org.kdumpreceiver.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SealingHandoffTest {
    /** Records what reached it and whether it was closed; optionally fails after a number of bytes. */
    static final class Downstream extends ByteArrayOutputStream {
        final long failAfter;
        volatile boolean closed;
        volatile Thread writer;

        Downstream(long failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writer = Thread.currentThread();
            if (size() + len > failAfter) {
                throw new UncheckedIO(new IOException("No space left on device"));
            }
            super.write(b, off, len);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** ByteArrayOutputStream.write cannot throw IOException; the hand-off sees the cause either way. */
    static final class UncheckedIO extends RuntimeException {
        UncheckedIO(IOException e) {
            super(e.getMessage(), e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void smallFileIsWrittenOnTheCallersThread() throws IOException {
        Downstream down = new Downstream(Long.MAX_VALUE);
        SealingHandoff h = new SealingHandoff(down, "test");
        byte[] data = random(1000);
        h.write(data, 0, data.length);
        h.close();
        assertTrue(down.closed);
        assertEquals(Thread.currentThread(), down.writer);
        assertArrayEquals(data, down.toByteArray());
    }

    @Test
    void largeStreamArrivesWholeAndInOrderOnAnotherThread() throws IOException {
        Downstream down = new Downstream(Long.MAX_VALUE);
        SealingHandoff h = new SealingHandoff(down, "test");
        byte[] data = random(5 * SealingHandoff.BUFFER * SealingHandoff.BUFFERS + 12345);
        for (int off = 0; off < data.length; ) {
            int n = Math.min(data.length - off, 1 + off % 70_000);
            h.write(data, off, n);
            off += n;
        }
        h.close();
        assertTrue(down.closed);
        assertFalse(Thread.currentThread() == down.writer);
        assertArrayEquals(data, down.toByteArray());
    }

    @Test
    void aFailureOnTheSealingThreadIsThrownToTheWriterAndStopsTheStream() throws Exception {
        Downstream down = new Downstream(3L * SealingHandoff.BUFFER);
        SealingHandoff h = new SealingHandoff(down, "test");
        byte[] data = random(SealingHandoff.BUFFER);
        IOException e = assertThrows(IOException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                h.write(data, 0, data.length);
            }
        });
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertThrows(IOException.class, h::checkFailed);
        assertThrows(IOException.class, h::close);
        assertFalse(down.closed, "no final chunk after a failure");
        assertEquals(3 * SealingHandoff.BUFFER, down.size());
    }

    @Test
    void cancelStopsWithoutClosingDownstream() throws IOException {
        Downstream down = new Downstream(Long.MAX_VALUE);
        SealingHandoff h = new SealingHandoff(down, "test");
        byte[] data = random(3 * SealingHandoff.BUFFER);
        h.write(data, 0, data.length);
        h.cancel();
        assertFalse(down.closed);
        assertThrows(IOException.class, () -> h.write(data, 0, 1));
    }
}
