package org.kdumpreceiver.crypto;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.AEADBadTagException;

/** Wraps and unwraps the file key in age "X25519" recipient stanzas. */
final class X25519Stanzas {
    static final String TYPE = "X25519";
    private static final String INFO = "age-encryption.org/v1/X25519";
    private static final SecureRandom RANDOM = new SecureRandom();

    private X25519Stanzas() {}

    static Stanza wrap(byte[] fileKey, Recipient recipient) {
        byte[] ephemeral = new byte[X25519.KEY_BYTES];
        RANDOM.nextBytes(ephemeral);
        byte[] share = X25519.publicKey(ephemeral);
        byte[] recipientKey = recipient.key();
        byte[] shared;
        try {
            shared = X25519.sharedSecret(ephemeral, recipientKey);
        } catch (InvalidKeyException e) {
            // A low-order point is Bech32-valid but has no usable key; sealing to it would protect nothing.
            throw new KeyFormatException("not a usable age X25519 recipient: " + recipient.encoded()
                    + " is a low-order point");
        }
        byte[] wrapKey = Hkdf.derive(concat(share, recipientKey), shared, INFO);
        return new Stanza(TYPE, List.of(StrictBase64.encode(share)), ChunkCipher.sealOnce(wrapKey, fileKey));
    }

    /** The file key if {@code stanza} was made for {@code identity}, otherwise null. */
    static byte[] unwrap(Stanza stanza, Identity identity) throws SealedStreamException {
        byte[] share = stanza.args().size() == 1 ? StrictBase64.decode(stanza.args().get(0)) : null;
        if (share == null || share.length != X25519.KEY_BYTES
                || stanza.body().length != Sealer.FILE_KEY_BYTES + ChunkCipher.TAG) {
            throw new SealedStreamException("malformed age header: invalid X25519 recipient stanza");
        }
        byte[] shared;
        try {
            shared = identity.sharedSecret(share);
        } catch (InvalidKeyException e) {
            throw new SealedStreamException("malformed age header: X25519 stanza has a low-order ephemeral share", e);
        }
        byte[] wrapKey = Hkdf.derive(concat(share, identity.recipient().key()), shared, INFO);
        try {
            return ChunkCipher.openOnce(wrapKey, stanza.body());
        } catch (AEADBadTagException e) {
            return null; // expected: the stanza belongs to another recipient
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
