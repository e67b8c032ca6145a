package org.kdumpreceiver.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** Raw 32-byte X25519 on top of the JDK's XDH provider, which only speaks java.security key objects. */
final class X25519 {
    static final int KEY_BYTES = 32;
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

    private X25519() {}

    /** The public key for a secret scalar: X25519(scalar, 9), which the JDK exposes only as key agreement. */
    static byte[] publicKey(byte[] scalar) {
        try {
            return agree(scalar, BASE_POINT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("X25519 with the base point cannot fail", e);
        }
    }

    /** Shared secret; InvalidKeyException when the peer point has small order (all-zero output). */
    static byte[] sharedSecret(byte[] scalar, byte[] peerPublic) throws InvalidKeyException {
        return agree(scalar, decodeU(peerPublic));
    }

    private static byte[] agree(byte[] scalar, BigInteger u) throws InvalidKeyException {
        try {
            KeyFactory factory = KeyFactory.getInstance("X25519");
            PrivateKey priv = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
            PublicKey pub = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(priv);
            agreement.doPhase(pub, true);
            return agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks X25519 support", e);
        }
    }

    /** RFC 7748 decoding: little-endian, top bit ignored. */
    private static BigInteger decodeU(byte[] encoded) {
        byte[] bigEndian = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            bigEndian[i] = encoded[KEY_BYTES - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        return new BigInteger(1, bigEndian);
    }
}
