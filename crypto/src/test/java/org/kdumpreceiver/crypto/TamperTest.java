package org.kdumpreceiver.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TamperTest {
    private static final int CHUNK = Sealed.CHUNK;
    private static final int SEALED_CHUNK = Sealed.SEALED_CHUNK;

    private final Identity identity = Identity.generate();
    private final int size = 3 * CHUNK + 1000; // chunks 0..2 full, chunk 3 short and final
    private final byte[] plaintext = Sealed.random(size, 42);
    private final byte[] sealed;
    private final int payloadStart;
    private final int headerLength;

    TamperTest() throws IOException {
        sealed = Sealed.seal(plaintext, identity.recipient());
        payloadStart = Sealed.payloadStart(sealed, size);
        headerLength = payloadStart - 16;
    }

    @Test
    void everyFlippedHeaderByteIsDetected() {
        for (int i = 0; i < headerLength; i++) {
            byte[] damaged = flip(sealed, i);
            IOException e = assertThrows(IOException.class, () -> Sealed.open(damaged, identity), "byte " + i);
            // A damaged stanza only makes the stanza unreadable for our identity; all else is a seal error.
            assertTrue(e instanceof SealedStreamException || e instanceof NoMatchingIdentityException,
                    "byte " + i + ": " + e);
        }
    }

    @Test
    void flippedMacOrVersionIsSealedStreamException() {
        String header = new String(sealed, 0, headerLength, StandardCharsets.US_ASCII);
        int macAt = header.indexOf("--- ") + 10;
        byte[] damaged = sealed.clone();
        damaged[macAt] = (byte) (damaged[macAt] == 'A' ? 'B' : 'A'); // still valid base64
        SealedStreamException mac = assertThrows(SealedStreamException.class, () -> Sealed.open(damaged, identity));
        assertTrue(mac.getMessage().contains("header MAC mismatch"), mac.getMessage());
        // Also the very last MAC character, whose low bits a lenient base64 decoder would ignore.
        assertThrows(SealedStreamException.class, () -> Sealed.open(flipLowBit(sealed, headerLength - 2), identity));
        SealedStreamException version = assertThrows(SealedStreamException.class,
                () -> Sealed.open(flip(sealed, 3), identity));
        assertTrue(version.getMessage().contains("not an age file"), version.getMessage());
    }

    @Test
    void flippedPayloadNonceFailsFirstChunk() {
        SealedStreamException e = assertThrows(SealedStreamException.class,
                () -> Sealed.open(flip(sealed, headerLength + 5), identity));
        assertTrue(e.getMessage().contains("chunk 0"), e.getMessage());
    }

    @Test
    void flippedMiddleChunkStopsThereWithoutReturningIt() throws IOException {
        int at = payloadStart + SEALED_CHUNK + 1234; // inside chunk 1
        Sealed.Partial partial = Sealed.readUntilFailure(flip(sealed, at), identity);
        assertInstanceOf(SealedStreamException.class, partial.failure());
        assertFalse(partial.failure() instanceof TruncatedSealException, partial.failure().toString());
        assertTrue(partial.failure().getMessage().contains("chunk 1 (bytes " + (payloadStart + SEALED_CHUNK)),
                partial.failure().getMessage());
        assertArrayEquals(Arrays.copyOf(plaintext, CHUNK), partial.plaintext());
    }

    @Test
    void flippedLastChunkIsDetected() throws IOException {
        for (int at : new int[] {sealed.length - 1, sealed.length - 20, payloadStart + 3 * SEALED_CHUNK}) {
            Sealed.Partial partial = Sealed.readUntilFailure(flip(sealed, at), identity);
            assertInstanceOf(SealedStreamException.class, partial.failure(), "byte " + at);
            assertArrayEquals(Arrays.copyOf(plaintext, 3 * CHUNK), partial.plaintext());
        }
    }

    @Test
    void flippedFullSizeLastChunkIsNotMistakenForTruncation() throws IOException {
        byte[] exact = Sealed.random(2 * CHUNK, 9);
        byte[] sealedExact = Sealed.seal(exact, identity.recipient());
        Sealed.Partial partial = Sealed.readUntilFailure(flip(sealedExact, sealedExact.length - 100), identity);
        assertInstanceOf(SealedStreamException.class, partial.failure());
        assertFalse(partial.failure() instanceof TruncatedSealException, partial.failure().toString());
        assertArrayEquals(Arrays.copyOf(exact, CHUNK), partial.plaintext());
    }

    @Test
    void truncatedAtChunkBoundaryReturnsCompleteChunksFirst() throws IOException {
        for (int chunks = 1; chunks <= 3; chunks++) {
            byte[] cut = Arrays.copyOf(sealed, payloadStart + chunks * SEALED_CHUNK);
            Sealed.Partial partial = Sealed.readUntilFailure(cut, identity);
            assertInstanceOf(TruncatedSealException.class, partial.failure(), "after " + chunks + " chunks");
            assertTrue(partial.failure().getMessage().contains("truncated"), partial.failure().getMessage());
            assertArrayEquals(Arrays.copyOf(plaintext, chunks * CHUNK), partial.plaintext());
        }
    }

    @Test
    void truncatedMidChunkReturnsCompleteChunksFirst() throws IOException {
        for (int extra : new int[] {1, 15, 16, 17, 1000, SEALED_CHUNK - 1}) {
            byte[] cut = Arrays.copyOf(sealed, payloadStart + 2 * SEALED_CHUNK + extra);
            Sealed.Partial partial = Sealed.readUntilFailure(cut, identity);
            assertInstanceOf(TruncatedSealException.class, partial.failure(), "extra " + extra);
            assertTrue(partial.failure().getMessage().contains("inside chunk 2"), partial.failure().getMessage());
            assertArrayEquals(Arrays.copyOf(plaintext, 2 * CHUNK), partial.plaintext());
        }
    }

    @Test
    void truncatedBeforePayload() throws IOException {
        for (int length : new int[] {0, 10, headerLength - 1, headerLength, headerLength + 7, payloadStart}) {
            byte[] cut = Arrays.copyOf(sealed, length);
            TruncatedSealException e = assertThrows(TruncatedSealException.class, () -> Sealed.open(cut, identity),
                    "length " + length);
            assertNotNull(e.getMessage());
        }
    }

    @Test
    void failureIsStickyAndTrailingGarbageIsRejected() throws IOException {
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
        // The short final chunk becomes "full" only if padded to 64 KiB; one byte extra just breaks its tag.
        assertInstanceOf(SealedStreamException.class, Sealed.readUntilFailure(longer, identity).failure());

        // A full final chunk is authentic as such, so it is released (as age does); the extra bytes then fail.
        byte[] exact = Sealed.seal(new byte[CHUNK], identity.recipient());
        byte[] extended = Arrays.copyOf(exact, exact.length + 16);
        try (InputStream in = Opener.open(new ByteArrayInputStream(extended), List.of(identity))) {
            assertArrayEquals(new byte[CHUNK], in.readNBytes(CHUNK));
            SealedStreamException first = assertThrows(SealedStreamException.class, in::read);
            assertFalse(first instanceof TruncatedSealException, first.toString());
            assertTrue(first.getMessage().contains("data after its final chunk"), first.getMessage());
            assertSame(first, assertThrows(SealedStreamException.class, in::read), "failure is sticky");
        }
    }

    @Test
    void nonAgeInputIsRejectedClearly() {
        byte[] binary = Sealed.random(100_000, 1);
        SealedStreamException e = assertThrows(SealedStreamException.class, () -> Sealed.open(binary, identity));
        assertTrue(e.getMessage().contains("not an age file"), e.getMessage());
        byte[] text = "x".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        e = assertThrows(SealedStreamException.class, () -> Sealed.open(text, identity));
        assertTrue(e.getMessage().contains("not an age file"), e.getMessage());
    }

    private static byte[] flip(byte[] data, int index) {
        byte[] copy = data.clone();
        copy[index] ^= 0x40;
        return copy;
    }

    private static byte[] flipLowBit(byte[] data, int index) {
        byte[] copy = data.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
