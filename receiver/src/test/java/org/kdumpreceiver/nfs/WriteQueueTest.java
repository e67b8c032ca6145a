package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kdumpreceiver.format.VerdictReason;

/** The write queue keeps arrival order and hands a failure of the log back to the next call. */
class WriteQueueTest {
    @Test
    void queuedWritesReachTheLogInArrivalOrder() throws Exception {
        Random random = new Random(5);
        WriteLogTest.Memory direct = new WriteLogTest.Memory();
        WriteLogTest.Memory queued = new WriteLogTest.Memory();
        WriteLog a = new WriteLog(direct, 1 << 20);
        WriteLog b = new WriteLog(queued, 1 << 20);
        WriteQueue queue = new WriteQueue(b);
        for (int i = 0; i < 200; i++) {
            byte[] data = new byte[1 + random.nextInt(300_000)];
            random.nextBytes(data);
            long offset = random.nextInt(50) * 4096L;
            a.write(offset, data, 0, data.length);
            queue.submit(offset, data);  // more than MAX_QUEUED in total: the submitter waits now and then
        }
        queue.drain();
        a.finish();
        b.finish();
        assertArrayEquals(direct.segments.get(0).toByteArray(), queued.segments.get(0).toByteArray());
    }

    @Test
    void aFailureOfTheLogIsThrownByTheNextSubmitOrDrain() throws Exception {
        IOException full = new IOException("storage is full");
        WriteLog.Segments failing = new WriteLog.Segments() {
            @Override
            public WriteLog.Segment first() {
                return new WriteLog.Segment() {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        throw full;
                    }

                    @Override
                    public void complete() {
                    }

                    @Override
                    public void abort(VerdictReason reason) {
                    }
                };
            }

            @Override
            public WriteLog.Segment overlay() {
                return first();
            }
        };
        WriteQueue queue = new WriteQueue(new WriteLog(failing, 1 << 20));
        byte[] big = new byte[2 << 20];  // past the raw limit: the log starts writing at once
        queue.submit(0, big);
        assertSame(full, assertThrows(IOException.class, queue::drain));
        assertSame(full, assertThrows(IOException.class, () -> queue.submit(big.length, new byte[10])));
    }
}
