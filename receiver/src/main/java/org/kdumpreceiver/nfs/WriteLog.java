package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.kdumpreceiver.format.VerdictReason;

/**
 * Turns one file's NFS WRITEs, in the order they arrive, into a stream the sealing pipeline can take
 * in one pass, with bounded memory. Three shapes, decided from the first writes:
 *
 * <ul>
 *   <li><b>pass-through</b>: the first 4096 bytes, written at offset 0, are a makedumpfile flattened header
 *       (Debian's {@code makedumpfile -F ... > dump-incomplete}): the client's bytes are stored as they are,
 *       since they already are a write log. Writes that arrive a little ahead of the stream are held in a
 *       reorder window ({@code window} bytes); a write that repeats the last 64 KiB with the same bytes is
 *       dropped.</li>
 *   <li><b>raw</b>: a file that ends while it was only ever written sequentially from offset 0 and is at
 *       most {@link #RAW_LIMIT} bytes (dmesg, status files) is stored as it is.</li>
 *   <li><b>write log</b>: everything else. Each WRITE becomes a flattened record {int64 BE offset, int64 BE
 *       size, data} after a flattened header; {@link #finish()} appends the end marker. {@code makedumpfile -R}
 *       or {@code export --rebuild} yields the file the client wrote (last write wins).</li>
 * </ul>
 *
 * <p>If a pass-through stream is broken (a write rewrites bytes already stored with different content,
 * or the reorder window overflows), no data is dropped: the pass-through segment ends there (aborted,
 * so its verdict says it is cut) and every later write goes, as a write log, into a second stored file
 * opened through {@link Segments#overlay()}. The client's file is then the first segment with the
 * second one's records written over it.
 */
final class WriteLog {
    static final int FLAT_HEADER = 4096;
    static final int RAW_LIMIT = 1 << 20;
    private static final int TAIL = 64 * 1024;
    private static final byte[] END_MARKER = endMarker();

    /** One stored file of this client file. */
    interface Segment {
        void write(byte[] b, int off, int len) throws IOException;

        void complete() throws IOException;

        void abort(VerdictReason reason) throws IOException;
    }

    /** Where the segments come from. */
    interface Segments {
        Segment first() throws IOException;

        /** The write-log segment that takes over after a broken pass-through stream. */
        Segment overlay() throws IOException;
    }

    enum Mode { UNDECIDED, PASSTHROUGH, LOG }

    private final Segments segments;
    private final long window;
    private Segment current;
    private Mode mode = Mode.UNDECIDED;
    private boolean overlaid;
    /** UNDECIDED: the sequential prefix so far. */
    private byte[] head = new byte[FLAT_HEADER];
    private int headFill;
    /** PASSTHROUGH: bytes stored, the last of them, and writes that arrived ahead of the stream. */
    private long end;
    private final byte[] tail = new byte[TAIL];
    private final TreeMap<Long, byte[]> pending = new TreeMap<>();
    private long pendingBytes;
    private long records;
    private boolean ended;

    WriteLog(Segments segments, long window) {
        this.segments = segments;
        this.window = window;
    }

    Mode mode() {
        return mode;
    }

    boolean overlaid() {
        return overlaid;
    }

    long records() {
        return records;
    }

    synchronized void write(long offset, byte[] b, int off, int len) throws IOException {
        if (ended) {
            throw new IllegalStateException("write after the file ended");
        }
        if (len == 0) {
            return;
        }
        switch (mode) {
            case UNDECIDED -> undecided(offset, b, off, len);
            case PASSTHROUGH -> passThrough(offset, b, off, len);
            case LOG -> record(offset, b, off, len);
        }
    }

    /** The client finished the file: the write log gets its end marker, and the stored file is sealed. */
    synchronized void finish() throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        switch (mode) {
            case UNDECIDED -> {
                segment().write(head, 0, headFill);
                current.complete();
            }
            case PASSTHROUGH -> {
                if (!pending.isEmpty()) {
                    breakSequence(-1, null, 0, 0);
                    finishLog();
                } else {
                    current.complete();
                }
            }
            case LOG -> finishLog();
        }
    }

    /** The transfer broke off: keep what arrived, without an end marker. */
    synchronized void abort(VerdictReason reason) throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        if (mode == Mode.UNDECIDED) {
            segment().write(head, 0, headFill);
        } else if (mode == Mode.PASSTHROUGH && !pending.isEmpty()) {
            breakSequence(-1, null, 0, 0);
        }
        current.abort(reason);
    }

    private void finishLog() throws IOException {
        current.write(END_MARKER, 0, END_MARKER.length);
        current.complete();
    }

    private void undecided(long offset, byte[] b, int off, int len) throws IOException {
        if (offset != headFill || headFill + (long) len > RAW_LIMIT) {
            startLog(segment());
            record(offset, b, off, len);
            return;
        }
        if (headFill < FLAT_HEADER) {
            int n = Math.min(len, FLAT_HEADER - headFill);
            System.arraycopy(b, off, head, headFill, n);
            headFill += n;
            if (headFill == FLAT_HEADER && isFlattenedHeader(head)) {
                mode = Mode.PASSTHROUGH;
                emit(head, 0, FLAT_HEADER);
                head = null;
                if (len > n) {
                    passThrough(FLAT_HEADER, b, off + n, len - n);
                }
                return;
            }
            off += n;
            len -= n;
            if (len == 0) {
                return;
            }
        }
        if (headFill + len > head.length) {
            head = Arrays.copyOf(head, (int) Math.min(RAW_LIMIT, Math.max(head.length * 2L, headFill + (long) len)));
        }
        System.arraycopy(b, off, head, headFill, len);
        headFill += len;
    }

    private void startLog(Segment into) throws IOException {
        mode = Mode.LOG;
        byte[] header = new byte[FLAT_HEADER];
        byte[] magic = "makedumpfile".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 0, magic.length);
        header[23] = 1;  // type, int64 big-endian
        header[31] = 1;  // version
        into.write(header, 0, header.length);
        if (head != null && headFill > 0) {
            byte[] h = head;
            int n = headFill;
            head = null;
            record(0, h, 0, n);
        }
        head = null;
    }

    private void record(long offset, byte[] b, int off, int len) throws IOException {
        byte[] rh = new byte[16];
        putLong(rh, 0, offset);
        putLong(rh, 8, len);
        current.write(rh, 0, 16);
        current.write(b, off, len);
        records++;
    }

    private void passThrough(long offset, byte[] b, int off, int len) throws IOException {
        long last = offset + len;
        if (offset < end) {
            long overlap = Math.min(last, end) - offset;
            if (!matchesTail(offset, b, off, (int) overlap)) {
                breakSequence(offset, b, off, len);
                return;
            }
            if (last <= end) {
                return;  // a resend of bytes already stored
            }
            off += (int) overlap;
            len -= (int) overlap;
            offset = end;
        }
        if (offset == end) {
            emit(b, off, len);
            drainPending();
            return;
        }
        Map.Entry<Long, byte[]> before = pending.floorEntry(offset);
        Map.Entry<Long, byte[]> after = pending.ceilingEntry(offset);
        boolean overlaps = (before != null && before.getKey() + before.getValue().length > offset)
                || (after != null && after.getKey() < last);
        if (overlaps || pendingBytes + len > window) {
            breakSequence(offset, b, off, len);
            return;
        }
        pending.put(offset, Arrays.copyOfRange(b, off, off + len));
        pendingBytes += len;
    }

    private void drainPending() throws IOException {
        while (!pending.isEmpty() && pending.firstKey() <= end) {
            Map.Entry<Long, byte[]> e = pending.pollFirstEntry();
            pendingBytes -= e.getValue().length;
            long stop = e.getKey() + e.getValue().length;
            if (stop > end) {
                // A write that arrived later already covered the start: it wins there.
                int skip = (int) (end - e.getKey());
                emit(e.getValue(), skip, e.getValue().length - skip);
            }
        }
    }

    /** Ends the pass-through segment (kept, marked cut) and continues as a write log in an overlay segment. */
    private void breakSequence(long offset, byte[] b, int off, int len) throws IOException {
        current.abort(VerdictReason.NFS_OUT_OF_SEQUENCE);
        current = segments.overlay();
        overlaid = true;
        startLog(current);
        for (Map.Entry<Long, byte[]> e : pending.entrySet()) {
            record(e.getKey(), e.getValue(), 0, e.getValue().length);
        }
        pending.clear();
        pendingBytes = 0;
        if (b != null) {
            record(offset, b, off, len);
        }
    }

    private boolean matchesTail(long offset, byte[] b, int off, int n) {
        if (offset < end - TAIL) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            long at = offset + i;
            if (tail[(int) (at % TAIL)] != b[off + i]) {
                return false;
            }
        }
        return true;
    }

    private void emit(byte[] b, int off, int len) throws IOException {
        segment().write(b, off, len);
        for (int i = Math.max(0, len - TAIL); i < len; i++) {
            tail[(int) ((end + i) % TAIL)] = b[off + i];
        }
        end += len;
    }

    private Segment segment() throws IOException {
        if (current == null) {
            current = segments.first();
        }
        return current;
    }

    static boolean isFlattenedHeader(byte[] h) {
        byte[] magic = "makedumpfile\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < magic.length; i++) {
            if (h[i] != magic[i]) {
                return false;
            }
        }
        for (int i = 16; i < 23; i++) {
            if (h[i] != 0) {
                return false;
            }
        }
        return h[23] == 1;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static byte[] endMarker() {
        byte[] m = new byte[16];
        Arrays.fill(m, (byte) 0xff);
        return m;
    }
}
