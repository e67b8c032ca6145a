package org.kdumpreceiver.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Verdicts on real {@code makedumpfile -F} streams of the synthetic core, whole and cut. */
class FlattenedInteropTest {
    private final Dumps dumps = Dumps.get();

    private byte[] flat() throws IOException {
        return Files.readAllBytes(dumps.flattened);
    }

    @Test
    void completeStream() throws IOException {
        assertEquals(FormatVerdict.complete("flattened/kdump-compressed"), Feed.verdict(flat()));
    }

    @Test
    void elfInsideFlattened() throws IOException {
        assertEquals(FormatVerdict.complete("flattened/elf"), Feed.verdict(Files.readAllBytes(dumps.elfFlattened)));
    }

    @Test
    void cutMidHeader() throws IOException {
        assertEquals(FormatVerdict.truncated("flattened", VerdictReason.NO_END_MARKER), Feed.verdict(Arrays.copyOf(flat(), 2000)));
    }

    @Test
    void cutMidFirstRecordHeader() throws IOException {
        assertEquals(FormatVerdict.truncated("flattened", VerdictReason.NO_END_MARKER), Feed.verdict(Arrays.copyOf(flat(), 4096 + 9)));
    }

    @Test
    void cutMidRecord() throws IOException {
        byte[] f = flat();
        for (int cut : new int[] {4096 + 16 + 300, f.length / 3, f.length / 2 + 12345}) {
            FormatVerdict v = Feed.verdict(Arrays.copyOf(f, cut));
            assertEquals(Verdict.TRUNCATED, v.verdict(), "cut at " + cut);
            assertEquals(VerdictReason.NO_END_MARKER, v.reason(), "cut at " + cut);
        }
        // past the kdump header the inner format is known even though the stream is cut
        assertEquals("flattened/kdump-compressed", Feed.verdict(Arrays.copyOf(f, f.length / 2)).format());
    }

    @Test
    void cutJustBeforeEndMarker() throws IOException {
        byte[] f = flat();
        assertEquals(FormatVerdict.truncated("flattened/kdump-compressed", VerdictReason.NO_END_MARKER),
            Feed.verdict(Arrays.copyOf(f, f.length - 17)));
    }

    @Test
    void endMarkerAloneMissing() throws IOException {
        byte[] f = flat();
        assertEquals(FormatVerdict.truncated("flattened/kdump-compressed", VerdictReason.NO_END_MARKER),
            Feed.verdict(Arrays.copyOf(f, f.length - 16)));
        assertEquals(FormatVerdict.truncated("flattened/kdump-compressed", VerdictReason.NO_END_MARKER),
            Feed.verdict(Arrays.copyOf(f, f.length - 1)));
    }

    @Test
    void dataAfterEndMarker() throws IOException {
        byte[] f = flat();
        byte[] g = Arrays.copyOf(f, f.length + 5);
        assertEquals(FormatVerdict.truncated("flattened/kdump-compressed", VerdictReason.DATA_AFTER_END_MARKER), Feed.verdict(g));
    }

    @Test
    void innerIncompleteFlag() throws IOException {
        byte[] f = flat();
        // the first record is the disk_dump_header at offset 0; status is its byte 424 (little-endian)
        assertEquals(0, FlatRecord.read(f, 4096).offset());
        f[4096 + 16 + 424] |= 0x8;
        assertEquals(FormatVerdict.truncated("flattened/kdump-compressed", VerdictReason.INCOMPLETE_FLAG), Feed.verdict(f));
    }
}
