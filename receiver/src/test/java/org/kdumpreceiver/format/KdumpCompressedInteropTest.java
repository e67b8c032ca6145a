package org.kdumpreceiver.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Verdicts on real kdump-compressed files ({@code makedumpfile -c -d 31}) of the synthetic core. */
class KdumpCompressedInteropTest {
    private static final String FORMAT = "kdump-compressed";
    private final Dumps dumps = Dumps.get();

    private byte[] kdump() throws IOException {
        return Files.readAllBytes(dumps.compressed);
    }

    @Test
    void complete() throws IOException {
        assertEquals(FormatVerdict.complete(FORMAT), Feed.verdict(kdump()));
    }

    @Test
    void truncatedAtSeveralPoints() throws IOException {
        byte[] k = kdump();
        KdumpHeader h = KdumpHeader.parse(k);
        long[] cuts = {300, 5000, h.bitmap2Start() + 10, h.pageDescStart() + 30, k.length / 2, k.length - 1};
        for (long cut : cuts) {
            assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.SHORT_OF_PAGE_DATA),
                Feed.verdict(Arrays.copyOf(k, (int) cut)), "cut at " + cut);
        }
    }

    @Test
    void incompleteFlag() throws IOException {
        byte[] k = kdump();
        k[424] |= 0x8;
        assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.INCOMPLETE_FLAG), Feed.verdict(k));
    }

    @Test
    void unwrittenPageDescriptor() throws IOException {
        byte[] k = kdump();
        KdumpHeader h = KdumpHeader.parse(k);
        int second = (int) h.pageDescStart() + 24;
        ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN).putLong(second, 0);
        assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.UNWRITTEN_PAGE_DESCRIPTOR), Feed.verdict(k));
    }

    @Test
    void headerLooksLike64Bit() throws IOException {
        KdumpHeader h = KdumpHeader.parse(kdump());
        assertEquals(4096, h.blockSize());
        assertEquals(6, h.version());
        assertEquals(false, h.bigEndian());
    }
}
