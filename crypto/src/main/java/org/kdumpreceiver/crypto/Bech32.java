package org.kdumpreceiver.crypto;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Bech32 (BIP 173 checksum) as used by age keys. Unlike BIP 173 there is no 90-character limit,
 * because age identities are longer than that.
 */
final class Bech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    // Keys are short; a cap keeps a pasted megabyte of garbage from being processed.
    private static final int MAX_LENGTH = 1000;

    record Decoded(String hrp, byte[] data) {}

    /** Thrown with a short reason; callers prefix it with what they expected. */
    static final class Bech32Exception extends Exception {
        private static final long serialVersionUID = 1L;

        Bech32Exception(String reason) {
            super(reason, null, false, false);
        }
    }

    private Bech32() {}

    static String encode(String hrp, byte[] data) {
        byte[] values = convertBits(data, 8, 5, true);
        byte[] checksum = checksum(hrp, values);
        StringBuilder out = new StringBuilder(hrp.length() + 1 + values.length + 6).append(hrp).append('1');
        for (byte v : values) {
            out.append(CHARSET.charAt(v));
        }
        for (byte v : checksum) {
            out.append(CHARSET.charAt(v));
        }
        return out.toString();
    }

    static Decoded decode(String text) throws Bech32Exception {
        if (text.length() > MAX_LENGTH) {
            throw new Bech32Exception("too long (" + text.length() + " characters)");
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 33 || c > 126) {
                throw new Bech32Exception("invalid character at position " + (i + 1));
            }
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
        }
        if (lower && upper) {
            throw new Bech32Exception("mixes upper and lower case");
        }
        String s = text.toLowerCase(Locale.ROOT);
        int separator = s.lastIndexOf('1');
        if (separator < 1) {
            throw new Bech32Exception("missing \"1\" separator after the prefix");
        }
        if (s.length() - separator - 1 < 6) {
            throw new Bech32Exception("too short");
        }
        String hrp = s.substring(0, separator);
        byte[] values = new byte[s.length() - separator - 1];
        for (int i = 0; i < values.length; i++) {
            int v = CHARSET.indexOf(s.charAt(separator + 1 + i));
            if (v < 0) {
                throw new Bech32Exception("invalid character '" + s.charAt(separator + 1 + i)
                        + "' at position " + (separator + 2 + i));
            }
            values[i] = (byte) v;
        }
        if (polymod(hrp, values) != 1) {
            throw new Bech32Exception("checksum mismatch (typo or truncated copy?)");
        }
        byte[] payload = new byte[values.length - 6];
        System.arraycopy(values, 0, payload, 0, payload.length);
        byte[] data = convertBits(payload, 5, 8, false);
        if (data == null) {
            throw new Bech32Exception("invalid padding");
        }
        return new Decoded(hrp, data);
    }

    private static byte[] checksum(String hrp, byte[] values) {
        byte[] extended = new byte[values.length + 6];
        System.arraycopy(values, 0, extended, 0, values.length);
        int mod = polymod(hrp, extended) ^ 1;
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static int polymod(String hrp, byte[] values) {
        int chk = 1;
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) >> 5);
        }
        chk = step(chk, 0);
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) & 31);
        }
        for (byte v : values) {
            chk = step(chk, v);
        }
        return chk;
    }

    private static int step(int chk, int value) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; i++) {
            if (((top >>> i) & 1) != 0) {
                chk ^= GENERATOR[i];
            }
        }
        return chk;
    }

    /** Regroups bits; returns null if unpadded input has leftover non-zero or excess bits. */
    private static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << to) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * from / to + 1);
        for (byte b : in) {
            acc = (acc << from) | (b & ((1 << from) - 1));
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.write((acc >>> bits) & maxv);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.write((acc << (to - bits)) & maxv);
            }
        } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
            return null;
        }
        return out.toByteArray();
    }
}
