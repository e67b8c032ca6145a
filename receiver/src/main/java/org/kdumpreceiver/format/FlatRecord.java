package org.kdumpreceiver.format;

/**
 * One flattened-format record header and how {@code makedumpfile -R} 1.7.2 treats it: the first
 * record is always consumed as data (its loop is a do-while), later ones continue the loop only while
 * offset &gt;= 0 and size &gt; 0, and whatever stops the loop must be the end marker.
 */
record FlatRecord(long offset, long size) {
    static final int HEADER_BYTES = 16;
    static final int FLAT_HEADER_BYTES = 4096;
    static final long END = -1;

    enum Kind { DATA, END, BAD }

    static FlatRecord read(byte[] b, int off) {
        return new FlatRecord(Bytes.i64(b, off, true), Bytes.i64(b, off + 8, true));
    }

    Kind classify(boolean first) {
        if (first) {
            // -R would write the first record even at a negative offset (failing there) and would read
            // past an initial end marker into EOF; neither stream is one it accepts.
            return offset >= 0 && size >= 0 ? Kind.DATA : Kind.BAD;
        }
        if (offset >= 0 && size > 0) {
            return Kind.DATA;
        }
        return offset == END && size == END ? Kind.END : Kind.BAD;
    }

    /** The 24 header bytes makedumpfile checks: strcmp'd signature and big-endian type 1. */
    static boolean validFlatHeader(byte[] h) {
        return Bytes.startsWith(h, h.length, ContentKind.FLAT_MAGIC) && Bytes.i64(h, 16, true) == 1;
    }
}
