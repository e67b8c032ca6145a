package org.kdumpreceiver.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The opener against every rule of the age v1 spec that age's own conformance suite checks, each on a
 * file built by hand ({@link AgeVector}). {@link SpecVectorsAgeCliTest} shows the real age agrees.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // only to stop a hang; all of it runs in memory
class SpecConformanceTest {
    private static final Identity IDENTITY = Identity.generate();

    static List<SpecCase> headerRules() {
        return HeaderRules.cases(IDENTITY.recipient().key());
    }

    static List<SpecCase> x25519Rules() {
        return X25519Rules.cases(IDENTITY.recipient().key());
    }

    static List<SpecCase> streamRules() {
        return StreamRules.cases(IDENTITY.recipient().key());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerRules")
    void header(SpecCase rule) throws IOException {
        check(rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("x25519Rules")
    void x25519Stanza(SpecCase rule) throws IOException {
        check(rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamRules")
    void payload(SpecCase rule) throws IOException {
        check(rule);
    }

    /** The low-order shares really give an all-zero secret, by a ladder that agrees with the JDK elsewhere. */
    @Test
    void smallOrderSharesGiveAllZeroSecrets() {
        byte[] scalar = AgeVector.random(32);
        byte[] point = AgeVector.publicKey(AgeVector.random(32));
        assertArrayEquals(AgeVector.sharedSecret(scalar, point), Curve25519.x25519(scalar, point));
        assertArrayEquals(AgeVector.basePoint(), Curve25519.encodeU(Curve25519.decodeU(AgeVector.basePoint())));
        List<X25519Rules.SmallShare> shares = X25519Rules.smallShares();
        assertEquals(8, shares.size(), "u = 0, 1, p-1, two of order 8, three non-canonical spellings");
        for (X25519Rules.SmallShare share : shares) {
            assertArrayEquals(new byte[32], Curve25519.x25519(scalar, share.encoded()), share.name());
        }
        BigInteger orderEight = Curve25519.smallOrderUs().get(3);
        assertTrue(!Curve25519.isInfinity(Curve25519.ladder(BigInteger.valueOf(4), orderEight, 3)));
        assertTrue(Curve25519.isInfinity(Curve25519.ladder(BigInteger.valueOf(8), orderEight, 4)));
    }

    private static void check(SpecCase rule) throws IOException {
        AgeVector vector = rule.file().get();
        byte[] file = vector.bytes();
        switch (rule.outcome()) {
            case OPENS -> assertArrayEquals(vector.plaintext(), Sealed.open(file, IDENTITY));
            case REFUSED_AT_OPEN -> assertFailure(rule, assertThrows(IOException.class,
                    () -> Opener.open(new ByteArrayInputStream(file), List.of(IDENTITY)).close()));
            case FAILS_IN_PAYLOAD -> {
                ByteArrayOutputStream released = new ByteArrayOutputStream();
                try (InputStream in = Opener.open(new ByteArrayInputStream(file), List.of(IDENTITY))) {
                    assertFailure(rule, assertThrows(IOException.class, () -> in.transferTo(released)));
                }
                assertArrayEquals(Arrays.copyOf(vector.plaintext(), rule.released()), released.toByteArray(),
                        "plaintext released before the failure");
            }
        }
    }

    private static void assertFailure(SpecCase rule, IOException e) {
        assertEquals(rule.failure(), e.getClass(), () -> "wrong kind of failure: " + e);
        assertTrue(e.getMessage().contains(rule.says()), () -> "message lacks \"" + rule.says() + "\": " + e);
    }
}
