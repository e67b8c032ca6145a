package org.kdumpreceiver.crypto;

import static org.kdumpreceiver.crypto.SpecCase.opens;
import static org.kdumpreceiver.crypto.SpecCase.refused;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The X25519 recipient type's rules for an identity: which stanzas are its own, the exact shape of the
 * share argument and the body, and the refusal of an all-zero shared secret. Broken stanzas are built
 * so that a lenient opener would succeed (a share a lenient decoder repairs, a body that decrypts),
 * so each case fails if the rule is not enforced, not merely because decryption breaks.
 */
final class X25519Rules {
    private static final byte[] PLAINTEXT = "Oops: general protection fault".getBytes(StandardCharsets.US_ASCII);
    private static final Class<SealedStreamException> SEALED = SealedStreamException.class;
    private static final Class<NoMatchingIdentityException> NO_MATCH = NoMatchingIdentityException.class;
    private static final String INVALID = "invalid X25519 recipient stanza";

    private X25519Rules() {}

    static List<SpecCase> cases(byte[] recipientKey) {
        byte[] k = recipientKey;
        byte[] other = AgeVector.publicKey(AgeVector.random(32));
        List<SpecCase> cases = new ArrayList<>(List.of(
                opens("X25519 stanza built from the spec", () -> file(v -> v.x25519(k))),
                opens("unknown stanzas before and after it", () -> file(
                        v -> v.stanza("-> grease", AgeVector.random(7)).x25519(k).stanza("-> grease2 x", new byte[0]))),
                opens("a stanza for another recipient first", () -> file(v -> v.x25519(other).x25519(k))),
                refused("only a stanza for another recipient", NO_MATCH, "none of the",
                        () -> file(v -> v.x25519(other))),
                refused("body with a damaged tag: not ours", NO_MATCH, "none of the", () -> file(v -> {
                    AgeVector.X25519Stanza s = AgeVector.X25519Stanza.wrap(v.fileKey(), k);
                    byte[] body = s.body().clone();
                    body[body.length - 1] ^= 1;
                    return v.stanza(s.argumentLine(), body);
                })),
                refused("type \"x25519\" in lower case is another type", NO_MATCH, "no X25519 recipients",
                        () -> file(v -> {
                            AgeVector.X25519Stanza s = AgeVector.X25519Stanza.wrap(v.fileKey(), k);
                            return v.stanza("-> x25519 " + AgeVector.base64(s.share()), s.body());
                        })),
                refused("an extra argument", SEALED, INVALID, () -> file(v -> {
                    AgeVector.X25519Stanza s = AgeVector.X25519Stanza.wrap(v.fileKey(), k);
                    return v.stanza(s.argumentLine() + " 1234", s.body());
                })),
                refused("no share argument", SEALED, INVALID, () -> file(v -> {
                    AgeVector.X25519Stanza s = AgeVector.X25519Stanza.wrap(v.fileKey(), k);
                    return v.stanza("-> X25519", s.body());
                })),
                refused("a malformed X25519 stanza before ours", SEALED, INVALID, () -> file(v -> {
                    AgeVector.X25519Stanza s = AgeVector.X25519Stanza.wrap(v.fileKey(), other);
                    return v.stanza(s.argumentLine() + " 1234", s.body()).x25519(k);
                })),
                refused("share of 31 bytes (its 32nd byte, zero, left out)", SEALED, INVALID, () -> file(v -> {
                    AgeVector.X25519Stanza s = endingInZero(v.fileKey(), k);
                    return v.stanza("-> X25519 " + AgeVector.base64(Arrays.copyOf(s.share(), 31)), s.body());
                })),
                refused("share of 33 bytes (a zero byte appended)", SEALED, INVALID, () -> file(v -> {
                    AgeVector.X25519Stanza s = AgeVector.X25519Stanza.wrap(v.fileKey(), k);
                    return v.stanza("-> X25519 " + AgeVector.base64(Arrays.copyOf(s.share(), 33)), s.body());
                })),
                refused("share with non-zero unused bits (decodes to the right share)", SEALED, INVALID,
                        () -> file(v -> {
                            AgeVector.X25519Stanza s = AgeVector.X25519Stanza.wrap(v.fileKey(), k);
                            return v.stanza("-> X25519 " + AgeVector.nonCanonical(s.share()), s.body());
                        })),
                refused("share padded with '=' (decodes to the right share)", SEALED, INVALID, () -> file(v -> {
                    AgeVector.X25519Stanza s = AgeVector.X25519Stanza.wrap(v.fileKey(), k);
                    return v.stanza(s.argumentLine() + "=", s.body());
                })),
                refused("body with non-zero unused bits (decodes to the right body)", SEALED, "not canonical base64",
                        () -> file(v -> {
                            AgeVector.X25519Stanza s = AgeVector.X25519Stanza.wrap(v.fileKey(), k);
                            return v.line(s.argumentLine()).line(AgeVector.nonCanonical(s.body()));
                        })),
                refused("body wrapping a 25-byte file key (that decrypts and keys the MAC)", SEALED, INVALID,
                        () -> new AgeVector(AgeVector.random(25)).versionLine().x25519(k).mac().payload(PLAINTEXT)),
                refused("body wrapping a 15-byte file key (that decrypts and keys the MAC)", SEALED, INVALID,
                        () -> new AgeVector(AgeVector.random(15)).versionLine().x25519(k).mac().payload(PLAINTEXT)),
                refused("empty body", SEALED, INVALID, () -> file(v -> {
                    AgeVector.X25519Stanza s = AgeVector.X25519Stanza.wrap(v.fileKey(), k);
                    return v.stanza(s.argumentLine(), new byte[0]);
                }))));
        for (SmallShare share : smallShares()) {
            cases.add(refused("share " + share.name() + ": all-zero shared secret", SEALED, "low-order",
                    () -> file(v -> v.stanza("-> X25519 " + AgeVector.base64(share.encoded()),
                            // Wrapped under the all-zero secret, so an opener without the check would open the file.
                            AgeVector.X25519Stanza.body(v.fileKey(), share.encoded(), k, new byte[32])))));
        }
        return cases;
    }

    /** A point whose X25519 with any secret is all zeros, spelled as a 32-byte share. */
    record SmallShare(String name, byte[] encoded) {}

    /** Every small-order point, plus non-canonical spellings of two of them (u + p, the ignored top bit set). */
    static List<SmallShare> smallShares() {
        List<SmallShare> shares = new ArrayList<>();
        for (BigInteger u : Curve25519.smallOrderUs()) {
            String hex = u.toString(16);
            String name = "u = " + (hex.length() > 12 ? "0x" + hex.substring(0, 8) + "... (order 8)" : "0x" + hex);
            shares.add(new SmallShare(name, Curve25519.encodeU(u)));
        }
        shares.add(new SmallShare("u = p (0 spelled non-canonically)", Curve25519.encodeU(Curve25519.P)));
        shares.add(new SmallShare("u = p + 1 (1 spelled non-canonically)",
                Curve25519.encodeU(Curve25519.P.add(BigInteger.ONE))));
        shares.add(new SmallShare("u = 0 with the ignored top bit set", Curve25519.encodeU(BigInteger.TWO.pow(255))));
        return shares;
    }

    /** A valid version line, {@code stanzas}, MAC and payload; the file key is the builder's own. */
    private static AgeVector file(UnaryOperator<AgeVector> stanzas) {
        return stanzas.apply(new AgeVector().versionLine()).mac().payload(PLAINTEXT);
    }

    /** A stanza whose share's last byte is zero, so dropping that byte is a change a lenient decoder undoes. */
    private static AgeVector.X25519Stanza endingInZero(byte[] fileKey, byte[] recipientKey) {
        // The top byte of a share is below 0x80, so about one in 128 tries ends in zero.
        for (int tries = 0; tries < 100_000; tries++) {
            AgeVector.X25519Stanza s = AgeVector.X25519Stanza.wrap(fileKey, recipientKey);
            if (s.share()[31] == 0) {
                return s;
            }
        }
        throw new IllegalStateException("no share ending in a zero byte in 100000 tries");
    }
}
