package org.kdumpreceiver.format;

/**
 * makedumpfile's flattened stream ({@code -F}): a 4096-byte header, then big-endian
 * {offset, size} record headers each followed by {@code size} payload bytes, then the end marker
 * {-1, -1}, which is written only after the whole dump succeeded. Payload is not kept: the part landing
 * in the inner file's first bytes names the inner format, and a kdump-compressed inner file's page
 * coverage is checked from the payloads as they pass ({@link KdumpCoverage}).
 */
final class FlattenedParser implements ContentParser {
    private enum State { HEADER, RECORD_HEADER, PAYLOAD, ENDED, BAD }

    private final byte[] header = new byte[24];
    private final byte[] recordHeader = new byte[FlatRecord.HEADER_BYTES];
    private final InnerHead inner = new InnerHead();
    private final KdumpCoverage coverage = new KdumpCoverage();
    private State state = State.HEADER;
    private long headerSeen;
    private int recordHeaderFill;
    private long records;
    private long payloadOffset;
    private long payloadLeft;
    private boolean dataAfterEnd;

    @Override
    public void update(byte[] b, int off, int len) {
        int end = off + len;
        while (off < end) {
            switch (state) {
                case PAYLOAD -> {
                    int n = (int) Math.min(payloadLeft, end - off);
                    inner.write(payloadOffset, b, off, n);
                    coverage.write(payloadOffset, b, off, n);
                    payloadOffset += n;
                    payloadLeft -= n;
                    off += n;
                    if (payloadLeft == 0) {
                        state = State.RECORD_HEADER;
                    }
                }
                case RECORD_HEADER -> {
                    int n = Math.min(FlatRecord.HEADER_BYTES - recordHeaderFill, end - off);
                    System.arraycopy(b, off, recordHeader, recordHeaderFill, n);
                    recordHeaderFill += n;
                    off += n;
                    if (recordHeaderFill == FlatRecord.HEADER_BYTES) {
                        recordHeaderFill = 0;
                        startRecord(FlatRecord.read(recordHeader, 0));
                    }
                }
                case HEADER -> {
                    int n = (int) Math.min(FlatRecord.FLAT_HEADER_BYTES - headerSeen, end - off);
                    if (headerSeen < header.length) {
                        int c = (int) Math.min(n, header.length - headerSeen);
                        System.arraycopy(b, off, header, (int) headerSeen, c);
                    }
                    headerSeen += n;
                    off += n;
                    if (headerSeen == FlatRecord.FLAT_HEADER_BYTES) {
                        state = FlatRecord.validFlatHeader(header) ? State.RECORD_HEADER : State.BAD;
                    }
                }
                case ENDED -> {
                    dataAfterEnd = true;
                    return;
                }
                case BAD -> {
                    return;
                }
            }
        }
    }

    private void startRecord(FlatRecord r) {
        switch (r.classify(records == 0)) {
            case DATA -> {
                records++;
                payloadOffset = r.offset();
                payloadLeft = r.size();
                state = payloadLeft == 0 ? State.RECORD_HEADER : State.PAYLOAD;
            }
            case END -> state = State.ENDED;
            case BAD -> state = State.BAD;
        }
    }

    /** Why the inner file's page coverage could not be checked, or null (for tests). */
    String coverageLostBecause() {
        return coverage.lostBecause();
    }

    @Override
    public FormatVerdict finish() {
        String innerFormat = inner.format();
        String format = innerFormat == null ? "flattened" : "flattened/" + innerFormat;
        return switch (state) {
            case BAD -> FormatVerdict.truncated(format, VerdictReason.BAD_RECORD);
            case HEADER, RECORD_HEADER, PAYLOAD -> FormatVerdict.truncated(format, VerdictReason.NO_END_MARKER);
            case ENDED -> {
                if (dataAfterEnd) {
                    yield FormatVerdict.truncated(format, VerdictReason.DATA_AFTER_END_MARKER);
                }
                if (inner.incompleteFlag()) {
                    yield FormatVerdict.truncated(format, VerdictReason.INCOMPLETE_FLAG);
                }
                FormatVerdict pages = "kdump-compressed".equals(innerFormat) ? coverage.finish(format) : null;
                yield pages != null ? pages : FormatVerdict.complete(format);
            }
        };
    }
}
