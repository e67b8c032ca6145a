package org.kdumpreceiver.format;

import java.nio.charset.StandardCharsets;

/**
 * Recognises a layer from its first bytes. Magics are matched exactly; text needs a whole window of
 * printable UTF-8 (or all of a shorter stream) because one early binary byte rules it out.
 */
enum ContentKind {
    EMPTY, FLATTENED, KDUMP_COMPRESSED, ELF, GZIP, BZIP2, XZ, LZ4_FRAME, LZ4_LEGACY, ZSTD, TEXT, UNKNOWN;

    /** Bytes looked at before deciding that printable content is text. */
    static final int TEXT_WINDOW = 512;
    /** A cut stream shorter than this is not credited to the magic it starts like. */
    private static final int MIN_PARTIAL_MAGIC = 4;

    // makedumpfile -R compares the signature with strcmp, so the NUL terminator is the 13th byte.
    static final byte[] FLAT_MAGIC = "makedumpfile\0".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KDUMP_MAGIC = "KDUMP   ".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DISKDUMP_MAGIC = "DISKDUMP".getBytes(StandardCharsets.US_ASCII);
    static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};
    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b, 0x08};
    private static final byte[] BZIP2_MAGIC = {'B', 'Z', 'h'};
    private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
    private static final byte[] LZ4_FRAME_MAGIC = {0x04, 0x22, 0x4d, 0x18};
    private static final byte[] LZ4_LEGACY_MAGIC = {0x02, 0x21, 0x4c, 0x18};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    private record Magic(byte[] bytes, ContentKind kind) {
    }

    private static final Magic[] MAGICS = {
        new Magic(FLAT_MAGIC, FLATTENED),
        new Magic(KDUMP_MAGIC, KDUMP_COMPRESSED),
        new Magic(DISKDUMP_MAGIC, KDUMP_COMPRESSED),
        new Magic(ELF_MAGIC, ELF),
        new Magic(GZIP_MAGIC, GZIP),
        new Magic(XZ_MAGIC, XZ),
        new Magic(LZ4_FRAME_MAGIC, LZ4_FRAME),
        new Magic(LZ4_LEGACY_MAGIC, LZ4_LEGACY),
        new Magic(ZSTD_MAGIC, ZSTD),
    };

    /**
     * @return the kind, or null if more bytes are needed to decide (never null when {@code eof})
     */
    static ContentKind decide(byte[] head, int len, boolean eof) {
        if (len == 0) {
            return eof ? EMPTY : null;
        }
        boolean pending = false;
        for (Magic m : MAGICS) {
            if (Bytes.startsWith(head, len, m.bytes)) {
                return m.kind;
            }
            if (Bytes.couldStartWith(head, len, m.bytes)) {
                if (eof && len >= MIN_PARTIAL_MAGIC) {
                    return m.kind;
                }
                pending = true;
            }
        }
        if (len >= 4 && Bytes.startsWith(head, len, BZIP2_MAGIC) && head[3] >= '1' && head[3] <= '9') {
            return BZIP2;
        }
        if (len < 4 && Bytes.couldStartWith(head, len, BZIP2_MAGIC)) {
            pending = true;
        }
        if (pending && !eof) {
            return null;
        }
        if (!Utf8Text.isPrintable(head, len, !eof)) {
            return UNKNOWN;
        }
        return eof || len >= TEXT_WINDOW ? TEXT : null;
    }
}
