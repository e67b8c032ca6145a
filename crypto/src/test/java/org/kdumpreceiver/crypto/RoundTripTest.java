package org.kdumpreceiver.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RoundTripTest {
    private final Identity identity = Identity.generate();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 65535, 65536, 65537, 2 * 65536, 3 * 1024 * 1024 + 7})
    void roundTripInOneWrite(int size) throws IOException {
        byte[] plaintext = Sealed.random(size, size);
        byte[] sealed = Sealed.seal(plaintext, identity.recipient());
        int chunks = Math.max(1, (size + 65535) / 65536);
        assertEquals(size + 16L * chunks, sealed.length - Sealed.payloadStart(sealed, size));
        assertArrayEquals(plaintext, Sealed.open(sealed, identity));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65536, 65537, 3 * 65536 + 100})
    void manySmallWritesAndSingleByteReads(int size) throws IOException {
        byte[] plaintext = Sealed.random(size, 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random random = new Random(size);
        try (OutputStream sealing = Sealer.seal(out, List.of(identity.recipient()))) {
            int off = 0;
            while (off < size) {
                if (random.nextInt(10) == 0) {
                    sealing.write(plaintext[off++]);
                    continue;
                }
                int n = Math.min(size - off, random.nextInt(3000));
                sealing.write(plaintext, off, n);
                off += n;
            }
            sealing.flush();
        }
        assertEquals(Sealed.seal(plaintext, identity.recipient()).length, out.size());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = Opener.open(new ByteArrayInputStream(out.toByteArray()), List.of(identity))) {
            int b;
            while ((b = in.read()) >= 0) {
                got.write(b);
            }
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[10]));
        }
        assertArrayEquals(plaintext, got.toByteArray());
    }

    @Test
    void everyRecipientCanOpen() throws IOException {
        Identity second = Identity.generate();
        Identity third = Identity.generate();
        byte[] plaintext = Sealed.random(200_000, 3);
        byte[] sealed = Sealed.seal(plaintext, identity.recipient(), second.recipient(), third.recipient());
        for (Identity each : List.of(identity, second, third)) {
            assertArrayEquals(plaintext, Sealed.open(sealed, each));
        }
        assertArrayEquals(plaintext, Sealed.open(sealed, Identity.generate(), third));
    }

    @Test
    void wrongIdentityIsNoMatchingIdentity() throws IOException {
        byte[] sealed = Sealed.seal("secret dump".getBytes(StandardCharsets.UTF_8), identity.recipient());
        Identity stranger = Identity.generate();
        NoMatchingIdentityException e = assertThrows(NoMatchingIdentityException.class,
                () -> Sealed.open(sealed, stranger));
        assertTrue(e.getMessage().contains(stranger.recipient().encoded()), e.getMessage());
        assertTrue(e.getMessage().contains("1 X25519 recipient"), e.getMessage());
    }

    @Test
    void eachSealUsesFreshKeys() throws IOException {
        byte[] plaintext = new byte[1000];
        byte[] a = Sealed.seal(plaintext, identity.recipient());
        byte[] b = Sealed.seal(plaintext, identity.recipient());
        assertEquals(a.length, b.length);
        assertTrue(!java.util.Arrays.equals(a, b));
    }

    @Test
    void closedStreamsRejectUse() throws IOException {
        OutputStream sealing = Sealer.seal(new ByteArrayOutputStream(), List.of(identity.recipient()));
        sealing.close();
        sealing.close();
        assertThrows(IOException.class, () -> sealing.write(1));
        InputStream opened = Opener.open(new ByteArrayInputStream(Sealed.seal(new byte[3], identity.recipient())),
                List.of(identity));
        opened.close();
        assertThrows(IOException.class, opened::read);
    }

    @Test
    void rejectsEmptyKeyLists() {
        assertThrows(IllegalArgumentException.class, () -> Sealer.seal(new ByteArrayOutputStream(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> Opener.open(new ByteArrayInputStream(new byte[0]), List.of()));
    }
}
