package org.kdumpreceiver.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** ChaCha20-Poly1305 with age's STREAM nonce: 11-byte big-endian chunk counter plus a last-chunk flag. */
final class ChunkCipher {
    static final int CHUNK = 64 * 1024;
    static final int TAG = 16;
    static final int NONCE = 12;

    private final SecretKeySpec key;
    private final Cipher cipher;
    private final byte[] nonce = new byte[NONCE];

    ChunkCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks ChaCha20-Poly1305", e);
        }
    }

    /** Encrypts {@code length} bytes into {@code out} at 0; returns the ciphertext length. */
    int seal(byte[] in, int offset, int length, long counter, boolean last, byte[] out) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nonce(counter, last));
            return cipher.doFinal(in, offset, length, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    /** Decrypts into {@code out} at 0; AEADBadTagException when the chunk is not authentic under these parameters. */
    int open(byte[] in, int offset, int length, long counter, boolean last, byte[] out) throws AEADBadTagException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nonce(counter, last));
            return cipher.doFinal(in, offset, length, out, 0);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
    }

    /**
     * Seals like {@link #seal} but safe to call from several threads at once: each thread keeps its own
     * Cipher, so chunks of one stream can be sealed in parallel.
     */
    static int sealConcurrently(SecretKeySpec key, byte[] in, int offset, int length, long counter, boolean last,
            byte[] out) {
        try {
            Cipher c = PER_THREAD.get();
            c.init(Cipher.ENCRYPT_MODE, key, nonceOf(counter, last));
            return c.doFinal(in, offset, length, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    SecretKeySpec key() {
        return key;
    }

    private static final ThreadLocal<Cipher> PER_THREAD = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks ChaCha20-Poly1305", e);
        }
    });

    private static IvParameterSpec nonceOf(long counter, boolean last) {
        byte[] nonce = new byte[NONCE];
        for (int i = 0; i < 8; i++) {
            nonce[3 + i] = (byte) (counter >>> (56 - 8 * i));
        }
        nonce[NONCE - 1] = (byte) (last ? 1 : 0);
        return new IvParameterSpec(nonce);
    }

    /** One-shot AEAD with an all-zero nonce, as age uses for wrapping the file key. */
    static byte[] sealOnce(byte[] key, byte[] plaintext) {
        ChunkCipher c = new ChunkCipher(key);
        byte[] out = new byte[plaintext.length + TAG];
        c.seal(plaintext, 0, plaintext.length, 0, false, out);
        return out;
    }

    static byte[] openOnce(byte[] key, byte[] ciphertext) throws AEADBadTagException {
        ChunkCipher c = new ChunkCipher(key);
        byte[] out = new byte[ciphertext.length - TAG];
        c.open(ciphertext, 0, ciphertext.length, 0, false, out);
        return out;
    }

    private IvParameterSpec nonce(long counter, boolean last) {
        for (int i = 0; i < 8; i++) {
            nonce[3 + i] = (byte) (counter >>> (56 - 8 * i));
        }
        nonce[NONCE - 1] = (byte) (last ? 1 : 0);
        return new IvParameterSpec(nonce);
    }
}
