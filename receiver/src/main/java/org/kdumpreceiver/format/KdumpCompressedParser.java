package org.kdumpreceiver.format;

/**
 * A regular kdump-compressed file read front to back: header (block 0), sub-header (block 1),
 * bitmaps (the second half, bitmap 2, says which pages were dumped), then one 24-byte page_desc per
 * dumped page, then page data. Only the descriptors' extent is remembered, never the pages.
 */
final class KdumpCompressedParser implements ContentParser {
    private static final int SUB_HEADER_BYTES = 80;
    private static final int OFF_ERASEINFO = 64;
    private static final int OFF_SIZE_ERASEINFO = 72;
    private static final int ERASEINFO_SINCE_VERSION = 5;
    private static final int DESC_BYTES = 24;

    private enum Phase { HEADER, SKIP_TO_SUB, SUB, SKIP_TO_BITMAP2, BITMAP2, DESCS, TAIL, UNSUPPORTED }

    private final byte[] headerBytes = new byte[KdumpHeader.SIZE];
    private final byte[] sub = new byte[SUB_HEADER_BYTES];
    private final byte[] desc = new byte[DESC_BYTES];
    private final boolean kdumpSignature;
    private KdumpHeader header;
    private Phase phase = Phase.HEADER;
    private long phaseEnd = KdumpHeader.SIZE;
    private long pos;
    private long dumpedPages;
    private long descsSeen;
    private int descFill;
    private long maxPageEnd;
    private boolean unwrittenDesc;
    private long eraseinfoEnd;

    KdumpCompressedParser(boolean kdumpSignature) {
        this.kdumpSignature = kdumpSignature;
    }

    @Override
    public void update(byte[] b, int off, int len) {
        int end = off + len;
        while (off < end) {
            if (phase == Phase.TAIL || phase == Phase.UNSUPPORTED) {
                pos += end - off;
                return;
            }
            int n = (int) Math.min(phaseEnd - pos, end - off);
            switch (phase) {
                case HEADER -> System.arraycopy(b, off, headerBytes, (int) pos, n);
                case SUB -> System.arraycopy(b, off, sub, (int) (pos - header.blockSize()), n);
                case BITMAP2 -> {
                    long c = 0;
                    for (int i = off; i < off + n; i++) {
                        c += Integer.bitCount(b[i] & 0xff);
                    }
                    dumpedPages += c;
                }
                case DESCS -> descriptors(b, off, n);
                default -> {
                    // skipped region
                }
            }
            pos += n;
            off += n;
            while (pos == phaseEnd && phase != Phase.TAIL && phase != Phase.UNSUPPORTED) {
                next();
            }
        }
    }

    private void descriptors(byte[] b, int off, int n) {
        int end = off + n;
        while (off < end) {
            if (descFill == 0 && end - off >= DESC_BYTES) {
                descriptor(b, off);
                off += DESC_BYTES;
                continue;
            }
            int c = Math.min(DESC_BYTES - descFill, end - off);
            System.arraycopy(b, off, desc, descFill, c);
            descFill += c;
            off += c;
            if (descFill == DESC_BYTES) {
                descFill = 0;
                descriptor(desc, 0);
            }
        }
    }

    private void descriptor(byte[] b, int off) {
        boolean be = header.bigEndian();
        long offset = Bytes.i64(b, off, be);
        long size = Bytes.u32(b, off + 8, be);
        descsSeen++;
        // The descriptor array is pre-sized; a slot makedumpfile never got to stays zero.
        if (offset == 0) {
            unwrittenDesc = true;
        }
        maxPageEnd = Math.max(maxPageEnd, offset + size);
    }

    private void next() {
        switch (phase) {
            case HEADER -> {
                header = KdumpHeader.parse(headerBytes);
                if (header == null) {
                    phase = Phase.UNSUPPORTED;
                    return;
                }
                if (header.subHdrSize() > 0) {
                    enter(Phase.SKIP_TO_SUB, header.blockSize());
                } else {
                    enter(Phase.SKIP_TO_BITMAP2, header.bitmap2Start());
                }
            }
            case SKIP_TO_SUB -> enter(Phase.SUB, header.blockSize() + SUB_HEADER_BYTES);
            case SUB -> {
                if (kdumpSignature && header.version() >= ERASEINFO_SINCE_VERSION) {
                    long eOff = Bytes.i64(sub, OFF_ERASEINFO, header.bigEndian());
                    long eSize = Bytes.i64(sub, OFF_SIZE_ERASEINFO, header.bigEndian());
                    if (eOff > 0 && eSize > 0) {
                        eraseinfoEnd = eOff + eSize;
                    }
                }
                enter(Phase.SKIP_TO_BITMAP2, header.bitmap2Start());
            }
            case SKIP_TO_BITMAP2 -> enter(Phase.BITMAP2, header.pageDescStart());
            case BITMAP2 -> enter(Phase.DESCS, header.pageDescStart() + dumpedPages * DESC_BYTES);
            case DESCS -> phase = Phase.TAIL;
            default -> throw new IllegalStateException(phase.name());
        }
    }

    private void enter(Phase p, long end) {
        phase = p;
        phaseEnd = Math.max(end, pos);
    }

    @Override
    public FormatVerdict finish() {
        String format = "kdump-compressed";
        if (phase == Phase.UNSUPPORTED) {
            return FormatVerdict.unknown(format, VerdictReason.UNSUPPORTED_LAYOUT);
        }
        if (header == null) {
            Long status = pos >= 428 ? KdumpHeader.statusOf(headerBytes, (int) pos) : null;
            return status != null && (status & KdumpHeader.STATUS_INCOMPLETE) != 0
                ? FormatVerdict.truncated(format, VerdictReason.INCOMPLETE_FLAG)
                : FormatVerdict.truncated(format, VerdictReason.SHORT_OF_PAGE_DATA);
        }
        if ((header.status() & KdumpHeader.STATUS_INCOMPLETE) != 0) {
            return FormatVerdict.truncated(format, VerdictReason.INCOMPLETE_FLAG);
        }
        if (phase != Phase.TAIL) {
            return FormatVerdict.truncated(format, VerdictReason.SHORT_OF_PAGE_DATA);
        }
        if (unwrittenDesc) {
            return FormatVerdict.truncated(format, VerdictReason.UNWRITTEN_PAGE_DESCRIPTOR);
        }
        if (pos < maxPageEnd || pos < eraseinfoEnd) {
            return FormatVerdict.truncated(format, VerdictReason.SHORT_OF_PAGE_DATA);
        }
        return FormatVerdict.complete(format);
    }
}
