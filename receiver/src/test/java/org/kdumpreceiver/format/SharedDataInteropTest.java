package org.kdumpreceiver.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The real Debian 12 dumps, where ../shared/data exists; skipped (not passed) elsewhere. */
class SharedDataInteropTest {

    private static Path need(String name) {
        Path p = SharedData.file(name);
        assumeTrue(p != null, "shared data absent: " + name);
        return p;
    }

    @Test
    void realFlattenedIsComplete() throws IOException {
        assertEquals(FormatVerdict.complete("flattened/kdump-compressed"),
            Feed.verdict(need("debian12-sysrq-crash.flattened")));
    }

    @Test
    void realFlattenedCutIsTruncated() throws IOException {
        Path p = need("debian12-sysrq-crash.flattened");
        long size = Files.size(p);
        for (long cut : new long[] {size / 2, size - 16}) {
            assertEquals(FormatVerdict.truncated("flattened/kdump-compressed", VerdictReason.NO_END_MARKER), Feed.verdict(p, cut));
        }
    }

    @Test
    void realDmesgIsCompleteText() throws IOException {
        Path p = need("debian12-sysrq-crash.dmesg");
        assertEquals(FormatVerdict.complete("text"), Feed.verdict(p));
        assertEquals(FormatVerdict.truncated("text", VerdictReason.NO_FINAL_NEWLINE), Feed.verdict(p, Files.size(p) - 1));
    }

    @Test
    void realElfInsideZstdIsComplete() throws IOException {
        assertEquals(FormatVerdict.complete("zstd/elf"), Feed.verdict(need("debian12-idle-vmcore.elf.zst")));
    }

    @Test
    void realElfInsideCutZstdIsCut() throws IOException {
        Path p = need("debian12-idle-vmcore.elf.zst");
        assertEquals(FormatVerdict.truncated("zstd/elf", VerdictReason.WRAPPER_STREAM_CUT), Feed.verdict(p, Files.size(p) / 3));
    }
}
