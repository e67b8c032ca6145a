package org.kdumpreceiver.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.format.WriteLogs.Range;

/**
 * Page coverage of the kdump-compressed file inside a write log (flattened stream), on real
 * makedumpfile output of the synthetic cores, written in order, shuffled, repeated, widened to pages
 * as an NFS client does, and with ranges missing.
 */
class KdumpCoverageInteropTest {
    private static final String FORMAT = "flattened/kdump-compressed";
    private static final FormatVerdict COMPLETE = FormatVerdict.complete(FORMAT);

    @TempDir
    static Path tmp;
    /** makedumpfile -c -d 31 of the small core: one cycle. */
    private static byte[] small;
    /** makedumpfile -c -d 31 --cyclic-buffer 1 of a 128 MiB core: bitmap 2 written in 4 cycles. */
    private static byte[] multiCycle;
    private static Path multiCycleFlat;

    @BeforeAll
    static void dumps() throws IOException {
        small = Files.readAllBytes(Dumps.get().compressed);
        Path elf = tmp.resolve("multi.elf");
        SyntheticVmcore.of(SyntheticVmcore.segmentsMiB(64, 63), 5, 16).write(elf);
        Path kdump = tmp.resolve("multi.kdump");
        Makedumpfile.compressed(elf, kdump, "-c", "-d", "31", "--cyclic-buffer", "1");
        multiCycle = Files.readAllBytes(kdump);
        multiCycleFlat = tmp.resolve("multi.flat");
        Makedumpfile.flattened(elf, multiCycleFlat, "-c", "-d", "31", "--cyclic-buffer", "1");
        Files.delete(elf);
    }

    private static KdumpHeader header(byte[] k) {
        return KdumpHeader.parse(k);
    }

    private static long dumpedPages(byte[] k) {
        KdumpHeader h = header(k);
        long n = 0;
        for (long i = h.bitmap2Start(); i < h.pageDescStart(); i++) {
            n += Integer.bitCount(k[(int) i] & 0xff);
        }
        return n;
    }

    private static long descEnd(byte[] k) {
        return header(k).pageDescStart() + 24 * dumpedPages(k);
    }

    private static FormatVerdict log(byte[] k, List<Range> ranges) {
        return Feed.verdict(WriteLogs.of(k, ranges));
    }

    @Test
    void fixturesAreWhatTheTestsNeed() throws IOException {
        assertTrue(dumpedPages(small) > 100, "small dump has pages");
        assertTrue(multiCycle.length > 2 * KdumpCoverage.PENDING_BYTES_CAP, "bigger than the pending bound");
        // More than one cycle: the real -F stream writes bitmap 2 in several records, and descriptors of
        // the first cycle before the last part of bitmap 2, so N is not known when they arrive.
        KdumpHeader h = header(multiCycle);
        byte[] flat = Files.readAllBytes(multiCycleFlat);
        int bitmap2Records = 0;
        boolean descriptorBeforeLastBitmap2 = false;
        boolean descriptorSeen = false;
        for (int at = 4096; ; ) {
            FlatRecord r = FlatRecord.read(flat, at);
            if (r.offset() == -1) {
                break;
            }
            if (r.offset() >= h.bitmap2Start() && r.offset() < h.pageDescStart()) {
                bitmap2Records++;
                descriptorBeforeLastBitmap2 |= descriptorSeen;
            }
            descriptorSeen |= r.offset() >= h.pageDescStart() && r.offset() < descEnd(multiCycle);
            at += 16 + (int) r.size();
        }
        assertTrue(bitmap2Records >= 3, "bitmap 2 records: " + bitmap2Records);
        assertTrue(descriptorBeforeLastBitmap2);
    }

    @Test
    void inOrderIsComplete() {
        assertEquals(COMPLETE, log(small, WriteLogs.chunks(0, small.length, 65536)));
        assertEquals(COMPLETE, log(multiCycle, WriteLogs.chunks(0, multiCycle.length, 65536)));
    }

    @Test
    void realMultiCycleStreamIsComplete() throws IOException {
        assertEquals(COMPLETE, Feed.verdict(multiCycleFlat));
    }

    @Test
    void shuffledAndRepeatedWritesAreComplete() {
        for (long seed = 1; seed <= 3; seed++) {
            Random r = new Random(seed);
            List<Range> ranges = WriteLogs.shuffledWithRepeats(WriteLogs.randomChunks(small.length, 70_000, r), 20, r);
            assertEquals(COMPLETE, log(small, ranges), "seed " + seed);
        }
        Random r = new Random(9);
        List<Range> ranges = WriteLogs.shuffledWithRepeats(WriteLogs.chunks(0, multiCycle.length, 1 << 20), 10, r);
        assertEquals(COMPLETE, log(multiCycle, ranges));
    }

    @Test
    void pageWidenedRewritesAreComplete() {
        // 3000-byte writes, each sent as whole pages with zeros where nothing was written yet: descriptor
        // slots and bitmap bytes first arrive as zeros or half filled, then with their real content.
        assertEquals(COMPLETE, Feed.verdict(WriteLogs.pageWidened(small, WriteLogs.chunks(0, small.length, 3000))));
        assertEquals(COMPLETE, Feed.verdict(WriteLogs.pageWidened(multiCycle, WriteLogs.chunks(0, multiCycle.length, 3000))));
        Random r = new Random(4);
        List<Range> shuffled = WriteLogs.shuffledWithRepeats(WriteLogs.randomChunks(small.length, 20_000, r), 5, r);
        assertEquals(COMPLETE, Feed.verdict(WriteLogs.pageWidened(small, shuffled)));
    }

    @Test
    void descriptorsBeforeBitmapsAndHeaderAreComplete() {
        for (byte[] k : List.of(small, multiCycle)) {
            KdumpHeader h = header(k);
            long descEnd = descEnd(k);
            List<Range> ranges = new ArrayList<>();
            ranges.addAll(WriteLogs.chunks(h.pageDescStart(), descEnd, 10_000));
            ranges.addAll(WriteLogs.chunks(descEnd, k.length, 65536));
            ranges.addAll(WriteLogs.chunks(0, h.pageDescStart(), 4096));
            assertEquals(COMPLETE, log(k, ranges));
        }
    }

    @Test
    void pageDataBeforeBitmapIsComplete() {
        // data first (more than the pending bound: the highest pieces are taken as data at once), then the
        // descriptors, then header and bitmaps
        KdumpHeader h = header(multiCycle);
        long descEnd = descEnd(multiCycle);
        List<Range> ranges = new ArrayList<>(WriteLogs.chunks(descEnd, multiCycle.length, 65536));
        ranges.addAll(WriteLogs.chunks(h.pageDescStart(), descEnd, 65536));
        ranges.addAll(WriteLogs.chunks(0, h.pageDescStart(), 4096));
        assertEquals(COMPLETE, log(multiCycle, ranges));
    }

    @Test
    void missingRangeInPageDataIsTruncated() {
        for (byte[] k : List.of(small, multiCycle)) {
            long descEnd = descEnd(k);
            long mid = descEnd + (k.length - descEnd) / 2;
            Random r = new Random(2);
            List<Range> ranges = WriteLogs.without(WriteLogs.randomChunks(k.length, 50_000, r), mid, mid + 5000);
            assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.UNWRITTEN_PAGE_DATA),
                log(k, WriteLogs.shuffledWithRepeats(ranges, 10, r)));
        }
    }

    @Test
    void cutWriteLogIsTruncated() {
        // the client's last writes never came, but the receiver ended the log (idle finish, rename)
        List<Range> ranges = WriteLogs.chunks(0, small.length - 3000, 65536);
        assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.UNWRITTEN_PAGE_DATA), log(small, ranges));
    }

    @Test
    void descriptorPointingPastWrittenDataIsTruncated() {
        byte[] k = small.clone();
        long descStart = header(k).pageDescStart();
        ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN).putLong((int) descStart + 24 * 7, k.length + 8192L);
        assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.UNWRITTEN_PAGE_DATA),
            log(k, WriteLogs.chunks(0, k.length, 65536)));
        // the same file stored whole: the plain parser's extent check
        assertEquals(FormatVerdict.truncated("kdump-compressed", VerdictReason.SHORT_OF_PAGE_DATA), Feed.verdict(k));
    }

    @Test
    void missingOrZeroDescriptorsAreTruncated() {
        KdumpHeader h = header(small);
        long slot9 = h.pageDescStart() + 24 * 9;
        assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.UNWRITTEN_PAGE_DESCRIPTOR),
            log(small, WriteLogs.without(WriteLogs.chunks(0, small.length, 65536), slot9, slot9 + 100)));
        byte[] k = small.clone();
        Arrays.fill(k, (int) slot9, (int) slot9 + 24, (byte) 0);
        assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.UNWRITTEN_PAGE_DESCRIPTOR),
            log(k, WriteLogs.chunks(0, k.length, 65536)));
        // the last descriptor slot missing in the multi-cycle dump
        long last = descEnd(multiCycle) - 24;
        assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.UNWRITTEN_PAGE_DESCRIPTOR),
            log(multiCycle, WriteLogs.without(WriteLogs.chunks(0, multiCycle.length, 65536), last, last + 24)));
    }

    @Test
    void missingHeaderOrBitmapIsTruncated() {
        KdumpHeader h = header(small);
        List<Range> all = WriteLogs.chunks(0, small.length, 4096);
        assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.UNWRITTEN_HEADER_OR_BITMAP),
            log(small, WriteLogs.without(all, h.bitmap2Start() + 10, h.bitmap2Start() + 20)));
        assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.UNWRITTEN_HEADER_OR_BITMAP),
            log(small, WriteLogs.without(all, h.bitmapStart(), h.bitmapStart() + 1)));
        assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.UNWRITTEN_HEADER_OR_BITMAP),
            log(small, WriteLogs.without(all, 440, 444)));
        assertEquals(FormatVerdict.truncated(FORMAT, VerdictReason.UNWRITTEN_HEADER_OR_BITMAP),
            log(small, WriteLogs.without(all, 4096 + 8, 4096 + 16)));  // the sub-header's dump_level
    }

    @Test
    void tooManyDisjointRangesIsUnchecked() {
        // every other 16 bytes of the page data first: more disjoint written ranges than are tracked,
        // then the rest; the file is whole, but the check could not follow it
        long descEnd = descEnd(multiCycle);
        List<Range> ranges = new ArrayList<>(WriteLogs.chunks(0, descEnd, 65536));
        List<Range> gaps = new ArrayList<>();
        for (long o = descEnd; o + 32 <= multiCycle.length && ranges.size() < 3 * KdumpCoverage.INTERVAL_CAP; o += 32) {
            ranges.add(new Range(o, 16));
            gaps.add(new Range(o + 16, 16));
        }
        ranges.addAll(gaps);
        ranges.addAll(WriteLogs.chunks(descEnd, multiCycle.length, 65536));
        assertEquals(FormatVerdict.unknown(FORMAT, VerdictReason.PAGE_COVERAGE_UNCHECKED), log(multiCycle, ranges));
    }

    @Test
    void headerFirstWrittenAsSomethingElse() {
        // The first complete header was not a kdump one, so what followed was not followed as one.
        byte[] other = new byte[8192];
        new Random(5).nextBytes(other);
        List<WriteLogs.Rec> recs = new ArrayList<>();
        recs.add(new WriteLogs.Rec(0, other));
        for (Range r : WriteLogs.chunks(0, small.length, 65536)) {
            recs.add(new WriteLogs.Rec(r.offset(), Arrays.copyOfRange(small, (int) r.offset(), (int) r.end())));
        }
        assertEquals(FormatVerdict.unknown(FORMAT, VerdictReason.PAGE_COVERAGE_UNCHECKED), Feed.verdict(WriteLogs.records(recs)));
        // zeros ahead of the header are no header: the check waits for the real one
        recs.set(0, new WriteLogs.Rec(0, new byte[8192]));
        assertEquals(COMPLETE, Feed.verdict(WriteLogs.records(recs)));
    }

    @Test
    void elfInsideWriteLogIsNotPageChecked() throws IOException {
        byte[] elf = Files.readAllBytes(Dumps.get().elfFiltered);
        assertEquals(FormatVerdict.complete("flattened/elf"), log(elf, WriteLogs.chunks(0, elf.length, 65536)));
    }
}
