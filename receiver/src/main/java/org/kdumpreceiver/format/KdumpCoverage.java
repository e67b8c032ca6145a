package org.kdumpreceiver.format;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the kdump-compressed file that a flattened stream (a write log) rearranges into is whole,
 * judged from the records' payloads as they stream past, in arrival order, with bounded memory.
 *
 * <p>The file is never assembled. What is kept: the merged ranges written, the merged ranges the page
 * descriptors point at, the descriptor slots whose latest content is unusable (size 0: never filled, or
 * the zero filler an NFS client writes around a partly written page), the header and sub-header bytes,
 * and bitmap 2's set-bit count (per 4 KiB granule, with the last few granules' bytes so that a partial
 * rewrite can be counted exactly). Whether a byte at or after the descriptor table's start is a
 * descriptor or page data depends on N = popcount(bitmap 2), which is only final at the end; bytes
 * that cannot be classified yet wait in a bounded list. Every classification made before the end is
 * checked against the final N, so a wrong guess is reported as unchecked, never as complete.
 *
 * <p>At the end: header, sub-header and the used part of both bitmaps written; every descriptor slot
 * written, with a non-zero size and offset; every range they point at, and eraseinfo, written. If a
 * bound is exceeded (too many disjoint ranges, a partial rewrite of bitmap 2 bytes no longer cached, too
 * much unclassified data) the result is {@link VerdictReason#PAGE_COVERAGE_UNCHECKED}.
 */
final class KdumpCoverage {
    static final int INTERVAL_CAP = 4096;
    static final int PENDING_BYTES_CAP = 1 << 20;
    static final int PENDING_PIECES_CAP = 4096;
    static final int PARTIAL_SLOT_CAP = 4096;
    private static final int GRANULE = 4096;
    private static final int GRANULE_CACHE = 16;
    private static final int SLOT_CACHE = 1024;
    private static final long MAX_GRANULES = 1 << 20;
    private static final int DESC = 24;
    private static final int FULL_SLOT = (1 << DESC) - 1;
    private static final int SUB_HEADER_BYTES = 104;
    private static final int SUB_V5_BYTES = 80;
    private static final int OFF_ERASEINFO = 64;
    private static final int OFF_SIZE_ERASEINFO = 72;
    private static final int OFF_MAX_MAPNR_64 = 96;
    private static final long UINT_MAX = 0xFFFF_FFFFL;

    private enum State { HEADER_PENDING, TRACKING, NOT_KDUMP }

    private record Piece(long pos, byte[] data) {
        long end() {
            return pos + data.length;
        }
    }

    private static final class Partial {
        final byte[] bytes = new byte[DESC];
        int mask;
    }

    private final byte[] head = new byte[KdumpHeader.SIZE];
    private final byte[] sub = new byte[SUB_HEADER_BYTES];
    private final Intervals written = new Intervals(INTERVAL_CAP);
    private final Intervals referenced = new Intervals(INTERVAL_CAP);
    /** Descriptor slot indexes whose latest content has size 0 or offset &le; 0. */
    private final Intervals unusableSlots = new Intervals(INTERVAL_CAP);
    private final List<Piece> pending = new ArrayList<>();
    private long pendingBytes;
    private State state = State.HEADER_PENDING;
    private KdumpHeader header;
    private boolean unsupported;
    /** Why the check cannot be trusted any more; null while it can. */
    private String lost;

    // bitmap 2
    private long bitmap2Start;
    private long descStart;
    private long firstGranule;
    private int[] granuleBits;
    private BitSet granuleTouched;
    private final Map<Long, byte[]> granuleCache = lru(GRANULE_CACHE);
    private long setBits;

    // descriptors
    private final Map<Long, byte[]> slotCache = lru(SLOT_CACHE);
    private final Map<Long, Partial> partials = new HashMap<>();
    private long dataFloor = Long.MAX_VALUE;
    private long maxDescriptorEnd;
    private long minDataStart = Long.MAX_VALUE;

    /** One record's payload piece, landing at {@code pos} in the rearranged file. */
    void write(long pos, byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        // Written ranges and the header stay tracked after a loss: they still prove a file truncated.
        written.add(pos, pos + len);
        if (pos < head.length) {
            System.arraycopy(b, off, head, (int) pos, (int) Math.min(len, head.length - pos));
        }
        if (written.overflowed()) {
            lose("more than " + INTERVAL_CAP + " disjoint written ranges");
        }
        if (state == State.NOT_KDUMP) {
            if (pos < head.length && isKdump()) {
                // What was written before the header became a kdump header was not followed.
                lose("the file's first bytes were rewritten into a kdump header");
            }
            return;
        }
        if (lost != null) {
            return;
        }
        if (state == State.HEADER_PENDING) {
            addPending(pos, b, off, len);
            if (lost == null && pos < head.length && written.contains(0, head.length)) {
                startTracking();
            }
            return;
        }
        if (applyLayoutParts(pos, b, off, len)) {
            resolvePending();
        }
        classifyDescriptorArea(pos, b, off, len);
    }

    /**
     * The verdict on the rearranged file once the flattened stream ended properly, or null if it is not
     * kdump-compressed after all (then the caller's verdict stands).
     */
    FormatVerdict finish(String format) {
        if (state == State.NOT_KDUMP && lost == null) {
            return null;
        }
        if (unsupported) {
            return FormatVerdict.unknown(format, VerdictReason.UNSUPPORTED_LAYOUT);
        }
        if (written.overflowed() || state == State.NOT_KDUMP) {
            return unchecked(format);
        }
        if (state == State.HEADER_PENDING) {
            // The header's first bytes named the format; if all of it was written, tracking was lost
            // before it was.
            return written.contains(0, KdumpHeader.SIZE) ? unchecked(format)
                : FormatVerdict.truncated(format, VerdictReason.UNWRITTEN_HEADER_OR_BITMAP);
        }
        if (!metadataWritten()) {
            return FormatVerdict.truncated(format, VerdictReason.UNWRITTEN_HEADER_OR_BITMAP);
        }
        if (!header.sameLayout(KdumpHeader.parse(head))) {
            lose("the header's layout changed after it was read");
        }
        long descEnd = descStart + setBits * DESC;
        resolve(descEnd, descEnd);
        if (maxDescriptorEnd > descEnd) {
            lose("bytes up to " + maxDescriptorEnd + " were read as descriptors, but the table ends at " + descEnd);
        }
        if (minDataStart < descEnd) {
            lose("bytes from " + minDataStart + " were taken as page data, but the table ends at " + descEnd);
        }
        if (referenced.overflowed() || unusableSlots.overflowed()) {
            lose("more than " + INTERVAL_CAP + " disjoint referenced ranges or unusable descriptor slots");
        }
        if (lost != null) {
            return unchecked(format);
        }
        if (!written.contains(descStart, descEnd) || unusableSlots.intersects(0, setBits)) {
            return FormatVerdict.truncated(format, VerdictReason.UNWRITTEN_PAGE_DESCRIPTOR);
        }
        for (long slot : partials.keySet()) {
            if (slot < setBits) {
                lose("descriptor slot " + slot + " was written in parts never known at once");
                return unchecked(format);
            }
        }
        for (Map.Entry<Long, Long> r : referenced.all()) {
            if (!written.contains(r.getKey(), r.getValue())) {
                return FormatVerdict.truncated(format, VerdictReason.UNWRITTEN_PAGE_DATA);
            }
        }
        if (!eraseinfoWritten()) {
            return FormatVerdict.truncated(format, VerdictReason.UNWRITTEN_PAGE_DATA);
        }
        return FormatVerdict.complete(format);
    }

    /** Why the coverage could not be checked, for tests and logs; null if it could. */
    String lostBecause() {
        return lost;
    }

    private FormatVerdict unchecked(String format) {
        return FormatVerdict.unknown(format, VerdictReason.PAGE_COVERAGE_UNCHECKED);
    }

    private void lose(String why) {
        if (lost == null) {
            lost = why;
        }
        pending.clear();
        partials.clear();
        slotCache.clear();
        granuleCache.clear();
        granuleBits = null;
        pendingBytes = 0;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private boolean isKdump() {
        return Bytes.startsWith(head, head.length, ContentKind.KDUMP_MAGIC)
            || Bytes.startsWith(head, head.length, ContentKind.DISKDUMP_MAGIC);
    }

    private void startTracking() {
        if (allZero(head)) {
            return;  // zeros written ahead of the header (a widened page, a preallocation): wait for it
        }
        if (!isKdump()) {
            // ELF or anything else: only the written ranges and the header are followed from here on.
            state = State.NOT_KDUMP;
            pending.clear();
            pendingBytes = 0;
            return;
        }
        header = KdumpHeader.parse(head);
        if (header == null) {
            unsupported = true;
            lose("unsupported header layout");
            return;
        }
        bitmap2Start = header.bitmap2Start();
        descStart = header.pageDescStart();
        firstGranule = bitmap2Start / GRANULE;
        long granules = descStart > bitmap2Start ? (descStart - 1) / GRANULE - firstGranule + 1 : 0;
        if (granules > MAX_GRANULES) {
            lose("bitmap 2 larger than " + MAX_GRANULES * GRANULE + " bytes");
            return;
        }
        granuleBits = new int[(int) granules];
        granuleTouched = new BitSet((int) granules);
        state = State.TRACKING;
        // Everything that arrived before the header could be read: the layout parts first, in arrival
        // order, then the descriptor area with the bounds they give.
        List<Piece> early = new ArrayList<>(pending);
        pending.clear();
        pendingBytes = 0;
        for (Piece p : early) {
            applyLayoutParts(p.pos, p.data, 0, p.data.length);
        }
        for (Piece p : early) {
            classifyDescriptorArea(p.pos, p.data, 0, p.data.length);
        }
    }

    /** Sub-header bytes and bitmap 2 counts; true if the count of set bits changed. */
    private boolean applyLayoutParts(long pos, byte[] b, int off, int len) {
        long end = pos + len;
        long subStart = header.blockSize();
        if (pos < subStart + SUB_HEADER_BYTES && end > subStart) {
            long from = Math.max(pos, subStart);
            long to = Math.min(end, subStart + SUB_HEADER_BYTES);
            System.arraycopy(b, off + (int) (from - pos), sub, (int) (from - subStart), (int) (to - from));
        }
        long from = Math.max(pos, bitmap2Start);
        long to = Math.min(end, descStart);
        if (from >= to || lost != null) {
            return false;
        }
        long before = setBits;
        for (long at = from; at < to && lost == null; ) {
            long g = at / GRANULE;
            long gEnd = Math.min((g + 1) * GRANULE, descStart);
            long n = Math.min(gEnd, to) - at;
            countBitmap2(g, at, b, off + (int) (at - pos), (int) n);
            at += n;
        }
        return setBits != before;
    }

    private void countBitmap2(long g, long at, byte[] b, int off, int n) {
        int i = (int) (g - firstGranule);
        long gStart = Math.max(g * GRANULE, bitmap2Start);
        int gLen = (int) (Math.min((g + 1) * GRANULE, descStart) - gStart);
        boolean whole = n == gLen;
        byte[] content = granuleCache.get(g);
        if (content == null) {
            if (granuleTouched.get(i) && !whole) {
                lose("bitmap 2 partly rewritten after its bytes left the cache");
                return;
            }
            content = new byte[gLen];  // never written (zeros), or replaced whole
        }
        int rel = (int) (at - gStart);
        int old = popcount(content, rel, n);
        System.arraycopy(b, off, content, rel, n);
        int now = popcount(content, rel, n);
        int bits = whole ? now : granuleBits[i] - old + now;
        setBits += bits - granuleBits[i];
        granuleBits[i] = bits;
        granuleTouched.set(i);
        granuleCache.put(g, content);
    }

    private static int popcount(byte[] b, int off, int n) {
        int c = 0;
        for (int i = off; i < off + n; i++) {
            c += Integer.bitCount(b[i] & 0xff);
        }
        return c;
    }

    /** The part of a piece at or after the descriptor table: descriptors, page data, or not known yet. */
    private void classifyDescriptorArea(long pos, byte[] b, int off, int len) {
        long end = pos + len;
        if (end <= descStart || lost != null) {
            return;
        }
        if (pos < descStart) {
            off += (int) (descStart - pos);
            pos = descStart;
        }
        long lo = lowBound();
        long hi = highBound(lo);
        if (pos < lo) {
            long to = Math.min(end, lo);
            descriptors(pos, b, off, (int) (to - pos));
        }
        if (end > hi) {
            minDataStart = Math.min(minDataStart, Math.max(pos, hi));
        }
        long from = Math.max(pos, lo);
        long to = Math.min(end, hi);
        if (from < to) {
            addPending(from, b, off + (int) (from - pos), (int) (to - from));
        }
        if (highBound(lowBound()) < hi) {
            resolvePending();
        }
    }

    /** Bytes below this are descriptors: bitmap 2 bits counted so far say so. */
    private long lowBound() {
        return descStart + setBits * DESC;
    }

    /** Bytes at or above this are page data: bits still unwritten could not reach it, or a descriptor points below it. */
    private long highBound(long lo) {
        long used = bitmapBytesUsed();
        long unseen = used - written.coveredWithin(bitmap2Start, bitmap2Start + used);
        long hi = Math.min(descStart + (setBits + 8 * unseen) * DESC, dataFloor);
        return Math.max(hi, lo);
    }

    private void resolvePending() {
        long lo = lowBound();
        resolve(lo, highBound(lo));
    }

    private void resolve(long lo, long hi) {
        if (pending.isEmpty() || lost != null) {
            return;
        }
        List<Piece> list = new ArrayList<>(pending);
        pending.clear();
        pendingBytes = 0;
        for (Piece p : list) {
            if (p.pos < lo) {
                descriptors(p.pos, p.data, 0, (int) (Math.min(p.end(), lo) - p.pos));
            }
            if (p.end() > hi) {
                minDataStart = Math.min(minDataStart, Math.max(p.pos, hi));
            }
            long from = Math.max(p.pos, lo);
            long to = Math.min(p.end(), hi);
            if (from < to) {
                addPending(from, p.data, (int) (from - p.pos), (int) (to - from));
            }
        }
        if (!pending.isEmpty() && highBound(lowBound()) < hi) {
            resolvePending();
        }
    }

    private void addPending(long pos, byte[] b, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        pending.add(new Piece(pos, copy));
        pendingBytes += len;
        while (pendingBytes > PENDING_BYTES_CAP || pending.size() > PENDING_PIECES_CAP) {
            // Descriptors lie below page data: the highest piece is the likeliest to be data, and if it
            // was not (or, before the header, was bitmap or sub-header), the check at the end says so.
            int top = 0;
            for (int i = 1; i < pending.size(); i++) {
                if (pending.get(i).pos > pending.get(top).pos) {
                    top = i;
                }
            }
            Piece p = pending.remove(top);
            pendingBytes -= p.data.length;
            minDataStart = Math.min(minDataStart, p.pos);
        }
    }

    /** Bytes that are certainly descriptor slots, at file position {@code pos}. */
    private void descriptors(long pos, byte[] b, int off, int len) {
        long start = pos;
        long end = pos + len;
        maxDescriptorEnd = Math.max(maxDescriptorEnd, end);
        while (pos < end && lost == null) {
            long slot = (pos - descStart) / DESC;
            long slotStart = descStart + slot * DESC;
            int rel = (int) (pos - slotStart);
            int n = (int) Math.min(DESC - rel, end - pos);
            if (n == DESC) {
                // Remember the slots a later write may rewrite in part: those at this write's edges and
                // those straddling a 4 KiB page (an NFS client rewrites whole pages).
                boolean edge = pos == start || pos + DESC >= end || slotStart / 4096 != (slotStart + DESC - 1) / 4096;
                slot(slot, b, off, edge);
            } else {
                Partial p = partials.get(slot);
                if (p == null) {
                    p = new Partial();
                    byte[] known = slotCache.get(slot);
                    if (known != null) {
                        System.arraycopy(known, 0, p.bytes, 0, DESC);
                        p.mask = FULL_SLOT;
                    }
                }
                System.arraycopy(b, off, p.bytes, rel, n);
                p.mask |= ((1 << n) - 1) << rel;
                if (p.mask == FULL_SLOT) {
                    partials.remove(slot);
                    slot(slot, p.bytes, 0, true);
                } else {
                    partials.put(slot, p);
                    if (partials.size() > PARTIAL_SLOT_CAP) {
                        lose("more than " + PARTIAL_SLOT_CAP + " descriptor slots partly written");
                    }
                }
            }
            pos += n;
            off += n;
        }
    }

    /** One whole descriptor slot's latest content: {int64 offset, uint32 size, uint32 flags, uint64 page_flags}. */
    private void slot(long slot, byte[] b, int off, boolean remember) {
        if (remember) {
            slotCache.put(slot, java.util.Arrays.copyOfRange(b, off, off + DESC));
        } else {
            slotCache.remove(slot);
        }
        partials.remove(slot);
        long offset = Bytes.i64(b, off, header.bigEndian());
        long size = Bytes.u32(b, off + 8, header.bigEndian());
        // Size 0 is never a page: the slot is unfilled, or holds the zeros an NFS client writes around
        // the part of a page it changed. Any split of a real descriptor by such zeros gives size 0 or a
        // range inside the real one, so no false range is recorded.
        if (size == 0 || offset <= 0) {
            unusableSlots.add(slot, slot + 1);
            return;
        }
        unusableSlots.remove(slot, slot + 1);
        referenced.add(offset, offset + size);
        dataFloor = Math.min(dataFloor, offset);
    }

    private long maxMapnr() {
        long m = header.maxMapnr();
        if (header.version() >= 6 && m == UINT_MAX) {
            long m64 = Bytes.i64(sub, OFF_MAX_MAPNR_64, header.bigEndian());
            if (m64 > m) {
                m = m64;
            }
        }
        return m;
    }

    /** Bytes of each bitmap that makedumpfile fills (one bit per pfn below max_mapnr). */
    private long bitmapBytesUsed() {
        long half = header.bitmapBlocks() / 2 * header.blockSize();
        return Math.min(half, (maxMapnr() + 7) / 8);
    }

    private boolean metadataWritten() {
        long used = bitmapBytesUsed();
        long subStart = header.blockSize();
        long subLen = header.subHdrSize() == 0 ? 0
            : header.version() >= 6 ? SUB_HEADER_BYTES : header.version() == 5 ? SUB_V5_BYTES : 0;
        return written.contains(0, KdumpHeader.SIZE)
            && written.contains(subStart, subStart + subLen)
            && written.contains(header.bitmapStart(), header.bitmapStart() + used)
            && written.contains(bitmap2Start, bitmap2Start + used);
    }

    private boolean eraseinfoWritten() {
        if (head[0] != 'K' || header.version() < 5 || header.subHdrSize() == 0) {
            return true;
        }
        long eOff = Bytes.i64(sub, OFF_ERASEINFO, header.bigEndian());
        long eSize = Bytes.i64(sub, OFF_SIZE_ERASEINFO, header.bigEndian());
        return eOff <= 0 || eSize <= 0 || written.contains(eOff, eOff + eSize);
    }

    private static <V> Map<Long, V> lru(int entries) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > entries;
            }
        };
    }
}
