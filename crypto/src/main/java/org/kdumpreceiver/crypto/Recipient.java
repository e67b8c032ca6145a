package org.kdumpreceiver.crypto;

import java.util.Locale;

/**
 * An age X25519 recipient ("age1..."), the public half of an {@link Identity}.
 * Construction always validates; {@code encoded} is the canonical lower-case form.
 */
public record Recipient(String encoded) {
    static final String HRP = "age";
    private static final String EXPECTED = "not an age X25519 recipient (expected \"age1...\" as printed by age-keygen): ";

    public Recipient {
        if (encoded == null) {
            throw new KeyFormatException(EXPECTED + "missing");
        }
        String reason = reason(encoded);
        if (reason != null) {
            throw new KeyFormatException(EXPECTED + reason);
        }
        encoded = encoded.toLowerCase(Locale.ROOT);
    }

    /** Parses a recipient, tolerating surrounding white space (as in config files). */
    public static Recipient parse(String text) {
        return new Recipient(text == null ? null : text.strip());
    }

    /** Null if {@code text} is a valid recipient, otherwise the message {@link #parse} would throw. */
    public static String problem(String text) {
        if (text == null) {
            return EXPECTED + "missing";
        }
        String reason = reason(text.strip());
        return reason == null ? null : EXPECTED + reason;
    }

    static Recipient fromKey(byte[] publicKey) {
        return new Recipient(Bech32.encode(HRP, publicKey));
    }

    /** The raw 32-byte X25519 public key. */
    byte[] key() {
        try {
            return Bech32.decode(encoded).data();
        } catch (Bech32.Bech32Exception e) {
            throw new IllegalStateException("validated at construction", e);
        }
    }

    @Override
    public String toString() {
        return encoded;
    }

    private static String reason(String text) {
        if (text.isEmpty()) {
            return "empty";
        }
        if (text.startsWith("ssh-") || text.startsWith("ecdsa-")) {
            return "this is an SSH public key; only age X25519 keys are supported, create one with age-keygen";
        }
        if (text.regionMatches(true, 0, "AGE-SECRET-KEY-", 0, 15)) {
            return "this is a SECRET key (identity); configure its public key instead, see age-keygen -y";
        }
        Bech32.Decoded decoded;
        try {
            decoded = Bech32.decode(text);
        } catch (Bech32.Bech32Exception e) {
            return e.getMessage();
        }
        if (!decoded.hrp().equals(HRP)) {
            return "prefix is \"" + decoded.hrp() + "1\", not \"age1\""
                    + (decoded.hrp().startsWith("age1") ? " (plugin recipients are not supported)" : "");
        }
        if (decoded.data().length != X25519.KEY_BYTES) {
            return "wrong length: key is " + decoded.data().length + " bytes, expected " + X25519.KEY_BYTES;
        }
        return null;
    }
}
