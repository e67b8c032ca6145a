package org.kdumpreceiver.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869), limited to the single-block output age needs. */
final class Hkdf {
    private static final int HASH_BYTES = 32;

    private Hkdf() {}

    static byte[] derive(byte[] salt, byte[] ikm, String info) {
        // An empty salt means HashLen zero bytes; SecretKeySpec refuses empty keys, and HMAC pads anyway.
        byte[] effectiveSalt = salt.length == 0 ? new byte[HASH_BYTES] : salt;
        Mac mac = hmac(effectiveSalt);
        byte[] prk = mac.doFinal(ikm);
        Mac expand = hmac(prk);
        expand.update(info.getBytes(StandardCharsets.US_ASCII));
        expand.update((byte) 1);
        return expand.doFinal();
    }

    static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA256", e);
        }
    }
}
