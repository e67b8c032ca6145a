package org.kdumpreceiver.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * FormatProbe's cost on the hot path: a 2 GiB flattened stream of 64 KiB records (makedumpfile's usual
 * chunk) fed in 1 MiB writes, generated on the fly so nothing is stored. Prints MB/s; the assertion
 * only catches an accidental per-byte slow path.
 */
class ProbeThroughputTest {
    private static final int RECORD = 64 * 1024;
    private static final long TOTAL = 2L << 30;

    @Test
    void flattenedThroughput() {
        byte[] block = new byte[16 * (RECORD + 16)];
        new Random(3).nextBytes(block);
        ByteBuffer b = ByteBuffer.wrap(block);
        long offset = 0;
        byte[] header = new byte[4096];
        System.arraycopy("makedumpfile".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 12);
        header[23] = 1;
        header[31] = 1;

        for (int warm = 0; warm < 2; warm++) {
            FormatProbe probe = new FormatProbe();
            probe.update(header, 0, header.length);
            long fed = header.length;
            long start = System.nanoTime();
            while (fed < TOTAL) {
                for (int i = 0; i < 16; i++) {
                    b.putLong(i * (RECORD + 16), offset).putLong(i * (RECORD + 16) + 8, RECORD);
                    offset += RECORD;
                }
                probe.update(block, 0, block.length);
                fed += block.length;
            }
            probe.update(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, 0, 16);
            FormatVerdict v = probe.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            double mbPerS = fed / 1e6 / seconds;
            System.out.printf("FormatProbe flattened throughput (pass %d): %.0f MB/s over %d MB%n", warm, mbPerS, fed / 1_000_000);
            assertEquals(FormatVerdict.complete("flattened"), v);
            assertTrue(mbPerS > 200, "throughput " + mbPerS + " MB/s");
        }
    }
}
