package org.kdumpreceiver.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes an age v1 file by hand, part by part in file order, straight from the specification
 * (c2sp.org/age). It uses JDK primitives and none of the code under test, so a bug in the opener
 * cannot be mirrored here. Each method writes the valid form; a test breaks one rule by writing
 * that one part differently (a raw line, a wrong nonce, an extra chunk). Not thread-safe.
 */
final class AgeVector {
    static final String VERSION_LINE = "age-encryption.org/v1";
    static final int CHUNK = 64 * 1024;
    static final int TAG = 16;
    static final int COLUMNS = 64;
    private static final String X25519_INFO = "age-encryption.org/v1/X25519";
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] fileKey;
    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private final ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
    private byte[] payloadKey;
    private long nextCounter;

    /** A file whose file key is {@code fileKey}; the spec's is 16 random bytes, other lengths break a rule. */
    AgeVector(byte[] fileKey) {
        this.fileKey = fileKey.clone();
    }

    AgeVector() {
        this(random(16));
    }

    byte[] fileKey() {
        return fileKey.clone();
    }

    /** Everything written so far. */
    byte[] bytes() {
        return file.toByteArray();
    }

    /** The plaintext of every chunk written by {@link #chunk}, in the order written. */
    byte[] plaintext() {
        return plaintext.toByteArray();
    }

    /** A copy of the file as {@code edit} returns it (cut short, a byte flipped); same key, same chunk plaintext. */
    AgeVector edited(UnaryOperator<byte[]> edit) {
        AgeVector copy = new AgeVector(fileKey);
        copy.raw(edit.apply(bytes()));
        copy.plaintext.writeBytes(plaintext());
        return copy;
    }

    // ---- header

    /** One header line as given, UTF-8 (so a test can put a non-ASCII byte in), then LF. */
    AgeVector line(String text) {
        return raw((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    AgeVector raw(byte[] bytes) {
        file.writeBytes(bytes);
        return this;
    }

    AgeVector versionLine() {
        return line(VERSION_LINE);
    }

    /** A stanza: its argument line as given, then {@code body} in canonical base64 wrapped at 64 columns. */
    AgeVector stanza(String argumentLine, byte[] body) {
        line(argumentLine);
        for (String bodyLine : wrap(base64(body))) {
            line(bodyLine);
        }
        return this;
    }

    /** A valid X25519 stanza wrapping this file's key for {@code recipientKey}, with a fresh ephemeral. */
    AgeVector x25519(byte[] recipientKey) {
        X25519Stanza stanza = X25519Stanza.wrap(fileKey, recipientKey);
        return stanza(stanza.argumentLine(), stanza.body());
    }

    /** The MAC line for the header written so far, keyed by this file's key. */
    String macLine() {
        return macLine(fileKey, "---");
    }

    /**
     * "--- " and the base64 HMAC-SHA-256, keyed by HKDF(ikm = {@code key}, salt = empty, info = "header"),
     * over the header written so far followed by {@code end} (the spec's "---"; a test can pass another span).
     */
    String macLine(byte[] key, String end) {
        Mac mac = hmac(hkdf(new byte[0], key, "header"));
        mac.update(file.toByteArray());
        mac.update(end.getBytes(StandardCharsets.US_ASCII));
        return "--- " + base64(mac.doFinal());
    }

    AgeVector mac() {
        return line(macLine());
    }

    // ---- payload

    /** A fresh random 16-byte payload nonce. */
    AgeVector nonce() {
        return nonce(random(16));
    }

    /** Writes {@code nonce} and keys the payload with HKDF(ikm = file key, salt = nonce, info = "payload"). */
    AgeVector nonce(byte[] nonce) {
        raw(nonce);
        return payloadKeyFrom(nonce);
    }

    /** Keys the chunks with a payload nonce other than the one written (for a mismatch test). */
    AgeVector payloadKeyFrom(byte[] nonce) {
        payloadKey = hkdf(nonce, fileKey, "payload");
        nextCounter = 0;
        return this;
    }

    /** The next chunk: {@code size} pseudo-random bytes, counter one more than the previous chunk's. */
    AgeVector chunk(int size, boolean last) {
        return chunk(Sealed.random(size, nextCounter), nextCounter, last ? 1 : 0);
    }

    /**
     * One chunk, sealed with ChaCha20-Poly1305 under the payload key and the 12-byte nonce
     * {@code counter} (11 bytes, big-endian) || {@code flag} (the spec's 0x01 final, 0x00 otherwise).
     */
    AgeVector chunk(byte[] chunkPlaintext, long counter, int flag) {
        return chunk(chunkPlaintext, chunkNonce(counter, flag));
    }

    /** One chunk sealed under any 12-byte nonce, to lay the counter out other than the spec says. */
    AgeVector chunk(byte[] chunkPlaintext, byte[] nonce12) {
        raw(seal(payloadKey, nonce12, chunkPlaintext));
        plaintext.writeBytes(chunkPlaintext);
        nextCounter++;
        return this;
    }

    /**
     * A nonce, then the spec's chunking of a whole payload: full chunks, then a final chunk that is
     * short or full, and empty only when the whole payload is.
     */
    AgeVector payload(byte[] whole) {
        nonce();
        int off = 0;
        do {
            int n = Math.min(CHUNK, whole.length - off);
            boolean last = off + n == whole.length;
            chunk(Arrays.copyOfRange(whole, off, off + n), nextCounter, last ? 1 : 0);
            off += n;
        } while (off < whole.length);
        return this;
    }

    static byte[] chunkNonce(long counter, int flag) {
        byte[] counter11 = BigInteger.valueOf(counter).toByteArray();
        byte[] nonce = new byte[12];
        int length = Math.min(11, counter11.length);
        System.arraycopy(counter11, counter11.length - length, nonce, 11 - length, length);
        nonce[11] = (byte) flag;
        return nonce;
    }

    // ---- the X25519 recipient type

    /** An X25519 stanza's ephemeral share and body; the body wraps a file key under the given shared secret. */
    record X25519Stanza(byte[] share, byte[] body) {
        static X25519Stanza wrap(byte[] fileKey, byte[] recipientKey) {
            byte[] ephemeral = random(32);
            byte[] share = publicKey(ephemeral);
            return new X25519Stanza(share, body(fileKey, share, recipientKey, sharedSecret(ephemeral, recipientKey)));
        }

        /** body = ChaCha20-Poly1305(HKDF(ikm = secret, salt = share || recipient, info), zero nonce, file key). */
        static byte[] body(byte[] fileKey, byte[] share, byte[] recipientKey, byte[] sharedSecret) {
            byte[] salt = concat(share, recipientKey);
            return seal(hkdf(salt, sharedSecret, X25519_INFO), new byte[12], fileKey);
        }

        String argumentLine() {
            return "-> X25519 " + base64(share);
        }
    }

    static byte[] publicKey(byte[] scalar) {
        return sharedSecret(scalar, basePoint());
    }

    /** RFC 7748 X25519 through the JDK's key agreement; u is decoded little-endian with the top bit ignored. */
    static byte[] sharedSecret(byte[] scalar, byte[] u) {
        try {
            KeyFactory factory = KeyFactory.getInstance("X25519");
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar)));
            agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                    Curve25519.decodeU(u))), true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] basePoint() {
        return Curve25519.encodeU(BigInteger.valueOf(9));
    }

    // ---- encodings and primitives

    static String base64(byte[] data) {
        return BASE64.encodeToString(data);
    }

    /** Body lines: full 64-column lines, then one shorter line, which is empty when the text fills its last line. */
    static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        int off = 0;
        while (text.length() - off >= COLUMNS) {
            lines.add(text.substring(off, off + COLUMNS));
            off += COLUMNS;
        }
        lines.add(text.substring(off));
        return lines;
    }

    /**
     * The same bytes in a non-canonical spelling: the last character's unused low bits set. Only for
     * lengths whose last base64 character carries unused bits (not a multiple of 3 bytes).
     */
    static String nonCanonical(byte[] data) {
        if (data.length % 3 == 0) {
            throw new IllegalArgumentException("a multiple of 3 bytes has no unused bits");
        }
        String canonical = base64(data);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int last = alphabet.indexOf(canonical.charAt(canonical.length() - 1));
        return canonical.substring(0, canonical.length() - 1) + alphabet.charAt(last | 1);
    }

    static byte[] random(int size) {
        byte[] data = new byte[size];
        RANDOM.nextBytes(data);
        return data;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** HKDF-SHA-256 (RFC 5869) with a 32-byte output: one Expand block. An empty salt is 32 zero bytes. */
    static byte[] hkdf(byte[] salt, byte[] ikm, String info) {
        byte[] prk = hmac(salt.length == 0 ? new byte[32] : salt).doFinal(ikm);
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
            throw new IllegalStateException(e);
        }
    }

    static byte[] seal(byte[] key, byte[] nonce12, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce12));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
