package org.kdumpreceiver.format;

/** Content with nothing to check: an empty stream or bytes no parser recognises. */
final class UnknownParser implements ContentParser {
    private final boolean empty;

    UnknownParser(boolean empty) {
        this.empty = empty;
    }

    @Override
    public void update(byte[] b, int off, int len) {
        // nothing to learn from unrecognised bytes
    }

    @Override
    public FormatVerdict finish() {
        return empty
            ? FormatVerdict.truncated("empty", VerdictReason.EMPTY)
            : FormatVerdict.unknown("unknown", VerdictReason.UNRECOGNISED_CONTENT);
    }
}
