package org.kdumpreceiver.crypto;

import java.util.Base64;

/**
 * age's canonical unpadded base64. The JDK decoder tolerates padding and non-zero trailing bits,
 * which would let a flipped character in the header decode to the same bytes unnoticed.
 */
final class StrictBase64 {
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private StrictBase64() {}

    static String encode(byte[] data) {
        return ENCODER.encodeToString(data);
    }

    /** Decoded bytes, or null if {@code text} is not canonical unpadded base64. */
    static byte[] decode(String text) {
        if (text.indexOf('=') >= 0) {
            return null;
        }
        byte[] data;
        try {
            data = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return ENCODER.encodeToString(data).equals(text) ? data : null;
    }
}
