package org.kdumpreceiver.format;

/** The "looks like a kernel log" test: printable UTF-8 plus tab, newline and carriage return. */
final class Utf8Text {
    private Utf8Text() {
    }

    /**
     * @param mayBeCut true if {@code b} is only a prefix of the stream, so a multi-byte sequence
     *                 running past its end is not an error
     */
    static boolean isPrintable(byte[] b, int len, boolean mayBeCut) {
        int i = 0;
        while (i < len) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                if (c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7f) {
                    return false;
                }
                i++;
                continue;
            }
            int extra;
            if (c >= 0xc2 && c <= 0xdf) {
                extra = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                extra = 2;
            } else if (c >= 0xf0 && c <= 0xf4) {
                extra = 3;
            } else {
                return false;
            }
            for (int k = 1; k <= extra; k++) {
                if (i + k >= len) {
                    return mayBeCut;
                }
                if ((b[i + k] & 0xc0) != 0x80) {
                    return false;
                }
            }
            i += extra + 1;
        }
        return true;
    }
}
