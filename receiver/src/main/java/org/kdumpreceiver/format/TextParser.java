package org.kdumpreceiver.format;

/** dmesg files: kdump-tools writes them line by line, so a whole file ends with a newline. */
final class TextParser implements ContentParser {
    private byte last;

    @Override
    public void update(byte[] b, int off, int len) {
        if (len > 0) {
            last = b[off + len - 1];
        }
    }

    @Override
    public FormatVerdict finish() {
        return last == '\n'
            ? FormatVerdict.complete("text")
            : FormatVerdict.truncated("text", VerdictReason.NO_FINAL_NEWLINE);
    }
}
