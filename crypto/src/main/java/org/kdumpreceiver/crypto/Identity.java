package org.kdumpreceiver.crypto;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Locale;

/** An age X25519 identity ("AGE-SECRET-KEY-1..."). Never printed: {@link #toString} shows only the recipient. */
public final class Identity {
    private static final String HRP = "age-secret-key-";
    private static final String EXPECTED =
            "not an age X25519 identity (expected \"AGE-SECRET-KEY-1...\" as printed by age-keygen): ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] scalar;
    private final Recipient recipient;

    private Identity(byte[] scalar) {
        this.scalar = scalar;
        this.recipient = Recipient.fromKey(X25519.publicKey(scalar));
    }

    public static Identity generate() {
        byte[] scalar = new byte[X25519.KEY_BYTES];
        RANDOM.nextBytes(scalar);
        return new Identity(scalar);
    }

    /** Parses an identity; the message of a {@link KeyFormatException} never contains the secret. */
    public static Identity parse(String text) {
        if (text == null || text.isBlank()) {
            throw new KeyFormatException(EXPECTED + "empty");
        }
        String s = text.strip();
        if (s.startsWith("AGE-PLUGIN-")) {
            throw new KeyFormatException(EXPECTED + "plugin identities are not supported");
        }
        if (s.startsWith("-----BEGIN")) {
            throw new KeyFormatException(EXPECTED + "this looks like an SSH or PEM private key");
        }
        Bech32.Decoded decoded;
        try {
            decoded = Bech32.decode(s);
        } catch (Bech32.Bech32Exception e) {
            throw new KeyFormatException(EXPECTED + e.getMessage());
        }
        if (!decoded.hrp().equals(HRP)) {
            String hint = decoded.hrp().equals(Recipient.HRP) ? " (this is a public key, not a secret key)" : "";
            throw new KeyFormatException(EXPECTED + "wrong prefix" + hint);
        }
        if (decoded.data().length != X25519.KEY_BYTES) {
            throw new KeyFormatException(EXPECTED + "wrong length: key is " + decoded.data().length
                    + " bytes, expected " + X25519.KEY_BYTES);
        }
        return new Identity(decoded.data());
    }

    public Recipient recipient() {
        return recipient;
    }

    /** The secret key in age's canonical upper-case form. Handle with care. */
    public String encoded() {
        return Bech32.encode(HRP, scalar).toUpperCase(Locale.ROOT);
    }

    byte[] sharedSecret(byte[] peerPublic) throws InvalidKeyException {
        return X25519.sharedSecret(scalar, peerPublic);
    }

    @Override
    public String toString() {
        return "Identity[recipient=" + recipient.encoded() + "]";
    }
}
