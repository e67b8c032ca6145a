package org.kdumpreceiver.enrolment;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * One OpenSSH public key line ({@code type base64 [comment]}), parsed and checked before it may enrol:
 * a key type a capture kernel can use unattended, RSA of at least 2048 bits, and a body that really
 * decodes to a key of the named type.
 */
public record PublicKeyLine(String type, String fingerprint, String comment, String line, PublicKey key) {
    public static final int MAX_LINE = 16 * 1024;
    private static final Set<String> TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");
    private static final int MIN_RSA_BITS = 2048;

    /** A key line that cannot enrol, with the reason in words an operator can act on. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    public static PublicKeyLine parse(String text) throws Refused {
        String line = text.strip();
        if (line.length() > MAX_LINE) {
            throw new Refused("key line longer than " + MAX_LINE + " characters");
        }
        String[] parts = line.split("\\s+", 3);
        if (parts.length < 2) {
            throw new Refused("not a public key line (expected 'TYPE BASE64 [COMMENT]')");
        }
        String type = parts[0];
        if (type.startsWith("sk-")) {
            throw new Refused(type + " keys need a security key at hand; a capture kernel has none");
        }
        if (type.contains("-cert-v01@")) {
            throw new Refused("certificates are not enrolled; send the plain public key");
        }
        if (!TYPES.contains(type)) {
            throw new Refused("key type '" + printable(type) + "' is not accepted (use ssh-ed25519, ssh-rsa of at"
                    + " least " + MIN_RSA_BITS + " bits, or ecdsa-sha2-nistp256/384/521)");
        }
        PublicKey key;
        try {
            key = PublicKeyEntry.parsePublicKeyEntry(parts[0] + " " + parts[1])
                    .resolvePublicKey(null, java.util.Map.of(), PublicKeyEntryResolver.FAILING);
        } catch (Exception e) {
            throw new Refused("the " + type + " key does not decode: " + e.getMessage());
        }
        if (key == null || !type.equals(KeyUtils.getKeyType(key))) {
            throw new Refused("the key body is not a " + type + " key");
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new Refused("RSA key of " + rsa.getModulus().bitLength() + " bits is too small (at least "
                    + MIN_RSA_BITS + ")");
        }
        String comment = parts.length > 2 ? parts[2].strip() : "";
        String canonical = PublicKeyEntry.toString(key) + (comment.isEmpty() ? "" : " " + comment);
        return new PublicKeyLine(type, KeyUtils.getFingerPrint(key), comment, canonical, key);
    }

    static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return cut.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
