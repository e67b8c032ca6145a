package org.kdumpreceiver.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Builds write logs (flattened streams, as the NFS endpoint records WRITEs) of a regular file from a
 * list of ranges in arrival order, to test verdicts on out-of-order, repeated and missing writes.
 */
final class WriteLogs {
    /** One WRITE: {@code length} bytes at {@code offset}. */
    record Range(long offset, int length) {
        long end() {
            return offset + length;
        }
    }

    /** One record with its own content (not necessarily the file's). */
    record Rec(long offset, byte[] data) {
    }

    private WriteLogs() {
    }

    /** A write log of {@code file}'s bytes at the given ranges, with the end marker. */
    static byte[] of(byte[] file, List<Range> ranges) {
        List<Rec> recs = new ArrayList<>();
        for (Range r : ranges) {
            recs.add(new Rec(r.offset(), Arrays.copyOfRange(file, (int) r.offset(), (int) r.end())));
        }
        return records(recs);
    }

    static byte[] records(List<Rec> recs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[4096];
        System.arraycopy("makedumpfile".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, header, 0, 12);
        header[23] = 1;
        header[31] = 1;
        out.writeBytes(header);
        for (Rec r : recs) {
            out.writeBytes(ByteBuffer.allocate(16).putLong(r.offset()).putLong(r.data().length).array());
            out.writeBytes(r.data());
        }
        byte[] end = new byte[16];
        Arrays.fill(end, (byte) 0xff);
        out.writeBytes(end);
        return out.toByteArray();
    }

    /** Consecutive ranges of {@code size} bytes covering [from, to). */
    static List<Range> chunks(long from, long to, int size) {
        List<Range> list = new ArrayList<>();
        for (long o = from; o < to; o += size) {
            list.add(new Range(o, (int) Math.min(size, to - o)));
        }
        return list;
    }

    /** Consecutive ranges of random sizes (1 byte to {@code max}) covering [0, length). */
    static List<Range> randomChunks(long length, int max, Random r) {
        List<Range> list = new ArrayList<>();
        for (long o = 0; o < length; ) {
            int n = (int) Math.min(length - o, 1 + r.nextInt(max));
            list.add(new Range(o, n));
            o += n;
        }
        return list;
    }

    /** The ranges shuffled, with about {@code repeatPercent}% of them sent again at random later points. */
    static List<Range> shuffledWithRepeats(List<Range> ranges, int repeatPercent, Random r) {
        List<Range> list = new ArrayList<>(ranges);
        Collections.shuffle(list, r);
        int repeats = ranges.size() * repeatPercent / 100;
        for (int i = 0; i < repeats; i++) {
            int from = r.nextInt(list.size());
            list.add(from + 1 + r.nextInt(list.size() - from), list.get(from));
        }
        return list;
    }

    /** Without the ranges' parts inside [from, to): a write log that skipped those bytes. */
    static List<Range> without(List<Range> ranges, long from, long to) {
        List<Range> list = new ArrayList<>();
        for (Range r : ranges) {
            if (r.end() <= from || r.offset() >= to) {
                list.add(r);
                continue;
            }
            if (r.offset() < from) {
                list.add(new Range(r.offset(), (int) (from - r.offset())));
            }
            if (r.end() > to) {
                list.add(new Range(to, (int) (r.end() - to)));
            }
        }
        return list;
    }

    /**
     * What a Linux NFS client sends when it writes back a page it changed in part after reading it:
     * the whole 4 KiB page, with what the server had there so far (zeros where nothing was written).
     * The file's content arrives in {@code ranges} order, each write widened to whole pages.
     */
    static byte[] pageWidened(byte[] file, List<Range> ranges) {
        byte[] image = new byte[file.length];
        List<Rec> recs = new ArrayList<>();
        for (Range r : ranges) {
            System.arraycopy(file, (int) r.offset(), image, (int) r.offset(), r.length());
            long from = r.offset() / 4096 * 4096;
            long to = Math.min(file.length, (r.end() + 4095) / 4096 * 4096);
            recs.add(new Rec(from, Arrays.copyOfRange(image, (int) from, (int) to)));
        }
        return records(recs);
    }
}
