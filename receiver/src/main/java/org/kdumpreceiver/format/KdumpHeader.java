package org.kdumpreceiver.format;

/**
 * The fields of {@code struct disk_dump_header} that locate the rest of a kdump-compressed file.
 * Only the 64-bit layout is decoded: on 32-bit architectures {@code struct timeval} shrinks and every
 * later field moves, and a wrong guess would misplace the incomplete flag.
 */
record KdumpHeader(boolean bigEndian, int version, long status, int blockSize, int subHdrSize,
                   long bitmapBlocks, long maxMapnr) {

    /** Bytes of the 64-bit header that carry fields we use. */
    static final int SIZE = 464;
    static final long STATUS_INCOMPLETE = 0x8;
    private static final int OFF_VERSION = 8;
    private static final int OFF_TV_PAD = 402;
    private static final int OFF_STATUS = 424;
    private static final int OFF_BLOCK_SIZE = 428;
    private static final int OFF_SUB_HDR_SIZE = 432;
    private static final int OFF_BITMAP_BLOCKS = 436;
    private static final int OFF_MAX_MAPNR = 440;
    private static final int MIN_BLOCK = 512;
    private static final int MAX_BLOCK = 1 << 20;

    /** Endianness from header_version, which makedumpfile has kept between 1 and 6. */
    static Boolean byteOrder(byte[] h) {
        int le = Bytes.i32(h, OFF_VERSION, false);
        if (le >= 1 && le <= 6) {
            return Boolean.FALSE;
        }
        int be = Bytes.i32(h, OFF_VERSION, true);
        return be >= 1 && be <= 6 ? Boolean.TRUE : null;
    }

    /** Only the status word, for a header seen through the flattened format's offset-0 records. */
    static Long statusOf(byte[] h, int len) {
        Boolean be = len >= OFF_STATUS + 4 ? byteOrder(h) : null;
        return be == null ? null : Bytes.u32(h, OFF_STATUS, be);
    }

    /** @return the decoded header, or null if it does not look like a 64-bit layout */
    static KdumpHeader parse(byte[] h) {
        Boolean be = byteOrder(h);
        if (be == null) {
            return null;
        }
        // On 64-bit the 6 bytes between utsname and the 8-aligned timeval are padding (zero); on
        // 32-bit tv_sec starts at 404 and is non-zero.
        for (int i = OFF_TV_PAD; i < OFF_TV_PAD + 6; i++) {
            if (h[i] != 0) {
                return null;
            }
        }
        int blockSize = Bytes.i32(h, OFF_BLOCK_SIZE, be);
        int subHdrSize = Bytes.i32(h, OFF_SUB_HDR_SIZE, be);
        long bitmapBlocks = Bytes.u32(h, OFF_BITMAP_BLOCKS, be);
        if (blockSize < MIN_BLOCK || blockSize > MAX_BLOCK || Integer.bitCount(blockSize) != 1
            || subHdrSize < 0 || bitmapBlocks % 2 != 0) {
            return null;
        }
        return new KdumpHeader(be, Bytes.i32(h, OFF_VERSION, be), Bytes.u32(h, OFF_STATUS, be), blockSize,
            subHdrSize, bitmapBlocks, Bytes.u32(h, OFF_MAX_MAPNR, be));
    }

    long bitmapStart() {
        return (1L + subHdrSize) * blockSize;
    }

    long bitmap2Start() {
        return bitmapStart() + bitmapBlocks / 2 * blockSize;
    }

    /** The same file layout (everything but status, which makedumpfile rewrites to flag ENOSPC). */
    boolean sameLayout(KdumpHeader o) {
        return o != null && bigEndian == o.bigEndian && version == o.version && blockSize == o.blockSize
            && subHdrSize == o.subHdrSize && bitmapBlocks == o.bitmapBlocks && maxMapnr == o.maxMapnr;
    }

    long pageDescStart() {
        return bitmapStart() + bitmapBlocks * blockSize;
    }
}
