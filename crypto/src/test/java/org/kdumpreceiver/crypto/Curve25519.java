package org.kdumpreceiver.crypto;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Curve25519 u-coordinate arithmetic in BigInteger (RFC 7748), slow and for tests only: it finds the
 * points of small order, whose X25519 with any secret is all zeros, by computation rather than from a
 * published list, and checks that result independently of the JDK.
 */
final class Curve25519 {
    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** The prime order of the base point's subgroup; the curve has 8 times as many points. */
    static final BigInteger ORDER =
            BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger A = BigInteger.valueOf(486662);
    private static final BigInteger A24 = BigInteger.valueOf(121665);

    private Curve25519() {}

    /** RFC 7748 decoding: 32 bytes little-endian, the top bit ignored; not reduced mod p. */
    static BigInteger decodeU(byte[] encoded) {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = encoded[31 - i];
        }
        bigEndian[0] &= 0x7f;
        return new BigInteger(1, bigEndian);
    }

    /** 32 bytes little-endian; {@code u} may be up to 2^256 - 1, to spell non-canonical encodings. */
    static byte[] encodeU(BigInteger u) {
        byte[] bigEndian = u.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    /** X25519 per RFC 7748 section 5: clamped scalar, ladder, encoded result (zero for the point at infinity). */
    static byte[] x25519(byte[] scalar, byte[] u) {
        byte[] k = scalar.clone();
        k[0] &= (byte) 248;
        k[31] &= 127;
        k[31] |= 64;
        BigInteger[] xz = ladder(decodeU(k), decodeU(u).mod(P), 255);
        return encodeU(affine(xz));
    }

    /** The u-coordinates of every point of order 2, 4 or 8 on the curve and of order 2 or 4 on its twist. */
    static List<BigInteger> smallOrderUs() {
        List<BigInteger> us = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE)));
        // [ORDER]R of a random curve point R has order dividing 8. The 4 points of order 8 share 2 u-coordinates.
        for (BigInteger seed = BigInteger.TWO; us.size() < 5; seed = seed.add(BigInteger.ONE)) {
            if (!onCurve(seed)) {
                continue;
            }
            BigInteger[] q = ladder(ORDER, seed, ORDER.bitLength());
            if (isInfinity(q)) {
                continue; // the seed was in the prime-order subgroup
            }
            // Orders 2 and 4 are the u-coordinates already listed, so a new one has order 8.
            BigInteger u = affine(q);
            if (!us.contains(u) && isInfinity(ladder(BigInteger.valueOf(8), u, 4))) {
                us.add(u);
            }
        }
        return us;
    }

    static boolean isInfinity(BigInteger[] xz) {
        return xz[1].signum() == 0;
    }

    /** [k]P as projective (X, Z) by the Montgomery ladder over {@code bits} bits of k, without clamping. */
    static BigInteger[] ladder(BigInteger k, BigInteger u, int bits) {
        BigInteger x1 = u;
        BigInteger x2 = BigInteger.ONE;
        BigInteger z2 = BigInteger.ZERO;
        BigInteger x3 = u;
        BigInteger z3 = BigInteger.ONE;
        for (int t = bits - 1; t >= 0; t--) {
            if (k.testBit(t)) {
                BigInteger s = x2; x2 = x3; x3 = s;
                s = z2; z2 = z3; z3 = s;
            }
            BigInteger a = x2.add(z2).mod(P);
            BigInteger aa = a.multiply(a).mod(P);
            BigInteger b = x2.subtract(z2).mod(P);
            BigInteger bb = b.multiply(b).mod(P);
            BigInteger e = aa.subtract(bb).mod(P);
            BigInteger c = x3.add(z3).mod(P);
            BigInteger d = x3.subtract(z3).mod(P);
            BigInteger da = d.multiply(a).mod(P);
            BigInteger cb = c.multiply(b).mod(P);
            x3 = da.add(cb).pow(2).mod(P);
            z3 = x1.multiply(da.subtract(cb).pow(2)).mod(P);
            x2 = aa.multiply(bb).mod(P);
            z2 = e.multiply(aa.add(A24.multiply(e))).mod(P);
            if (k.testBit(t)) {
                BigInteger s = x2; x2 = x3; x3 = s;
                s = z2; z2 = z3; z3 = s;
            }
        }
        return new BigInteger[] {x2, z2};
    }

    private static BigInteger affine(BigInteger[] xz) {
        return xz[0].multiply(xz[1].modPow(P.subtract(BigInteger.TWO), P)).mod(P);
    }

    /** Whether u^3 + A u^2 + u is a square mod p, i.e. u is on the curve rather than on its twist. */
    private static boolean onCurve(BigInteger u) {
        BigInteger rhs = u.pow(3).add(A.multiply(u.pow(2))).add(u).mod(P);
        return rhs.signum() == 0 || rhs.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
    }
}
