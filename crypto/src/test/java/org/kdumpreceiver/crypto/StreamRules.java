package org.kdumpreceiver.crypto;

import static org.kdumpreceiver.crypto.SpecCase.failsInPayload;
import static org.kdumpreceiver.crypto.SpecCase.opens;
import static org.kdumpreceiver.crypto.SpecCase.refused;

import java.util.Arrays;
import java.util.List;

/**
 * The payload rules: the 16-byte nonce, and STREAM's chunks of 64 KiB each sealed under the 11-byte
 * big-endian counter and the final-chunk flag, with one final chunk that is empty only if the whole
 * payload is. A payload failure must first release every chunk that authenticated, and no more.
 */
final class StreamRules {
    private static final int C = AgeVector.CHUNK;
    private static final Class<SealedStreamException> SEALED = SealedStreamException.class;
    private static final Class<TruncatedSealException> TRUNCATED = TruncatedSealException.class;
    private static final String AFTER_FINAL = "after its final chunk";

    private StreamRules() {}

    static List<SpecCase> cases(byte[] recipientKey) {
        byte[] k = recipientKey;
        return List.of(
                // payload nonce
                refused("header not followed by the payload nonce", TRUNCATED, "payload nonce", () -> header(k)),
                refused("payload nonce of 12 bytes, then the end", TRUNCATED, "payload nonce",
                        () -> header(k).raw(AgeVector.random(12))),
                failsInPayload("payload keyed by a nonce other than the one written", SEALED, "chunk 0", 0,
                        () -> header(k).nonce().payloadKeyFrom(AgeVector.random(16)).chunk(C, true)),

                // well-formed streams
                opens("empty payload: one empty final chunk", () -> header(k).payload(new byte[0])),
                opens("one short final chunk", () -> payload(k).chunk(5, true)),
                opens("final chunk of exactly 64 KiB", () -> payload(k).chunk(C, true)),
                opens("a full chunk, then a full final chunk", () -> payload(k).chunk(C, false).chunk(C, true)),
                opens("three chunks", () -> payload(k).chunk(C, false).chunk(C, false).chunk(C, true)),
                opens("257 chunks: the counter runs past one byte", () -> {
                    AgeVector v = payload(k);
                    for (int i = 0; i < 256; i++) {
                        v.chunk(C, false);
                    }
                    return v.chunk(1, true);
                }),

                // the final chunk
                failsInPayload("nonce, then no chunk at all", TRUNCATED, "no payload chunk", 0, () -> payload(k)),
                failsInPayload("empty final chunk after a full chunk", SEALED, "empty final chunk", C,
                        () -> payload(k).chunk(C, false).chunk(0, true)),
                failsInPayload("a short non-final chunk, then the end", TRUNCATED, "inside chunk 0", 0,
                        () -> payload(k).chunk(1, false)),
                failsInPayload("a full non-final chunk, then the end", TRUNCATED, "without the final chunk", C,
                        () -> payload(k).chunk(C, false)),
                failsInPayload("two full non-final chunks, then the end", TRUNCATED, "without the final chunk", 2 * C,
                        () -> payload(k).chunk(C, false).chunk(C, false)),
                failsInPayload("a full chunk, then a short non-final chunk", TRUNCATED, "inside chunk 1", C,
                        () -> payload(k).chunk(C, false).chunk(1, false)),
                failsInPayload("first chunk shorter than a tag", TRUNCATED, "inside chunk 0", 0,
                        () -> payload(k).raw(AgeVector.random(12))),
                failsInPayload("second chunk shorter than a tag", TRUNCATED, "inside chunk 1", C,
                        () -> payload(k).chunk(C, false).raw(AgeVector.random(12))),
                failsInPayload("final chunk without its tag", TRUNCATED, "inside chunk 0", 0,
                        () -> payload(k).chunk(20, true).edited(f -> Arrays.copyOf(f, f.length - AgeVector.TAG))),
                failsInPayload("short final chunk with a damaged tag", TRUNCATED, "corrupted", 0,
                        () -> payload(k).chunk(5, true).edited(StreamRules::flipLastByte)),
                failsInPayload("full final chunk with a damaged tag", SEALED, "chunk 1 (bytes", C,
                        () -> payload(k).chunk(C, false).chunk(C, true).edited(StreamRules::flipLastByte)),

                // nothing after the final chunk
                failsInPayload("two final chunks, the first full", SEALED, AFTER_FINAL, C,
                        () -> payload(k).chunk(C, true).chunk(1, true)),
                failsInPayload("two full final chunks", SEALED, AFTER_FINAL, C,
                        () -> payload(k).chunk(C, true).chunk(C, true)),
                failsInPayload("a full chunk, a full final chunk, another final chunk", SEALED, AFTER_FINAL, 2 * C,
                        () -> payload(k).chunk(C, false).chunk(C, true).chunk(1, true)),
                failsInPayload("20 bytes after a full final chunk", SEALED, AFTER_FINAL, C,
                        () -> payload(k).chunk(C, true).raw(AgeVector.random(20))),
                failsInPayload("12 bytes after a full final chunk", SEALED, AFTER_FINAL, C,
                        () -> payload(k).chunk(C, true).raw(AgeVector.random(12))),
                failsInPayload("1 byte after a full final chunk", SEALED, AFTER_FINAL, C,
                        () -> payload(k).chunk(C, true).raw(new byte[1])),
                // The tag covers the whole short chunk, so extra bytes read as a damaged last chunk.
                failsInPayload("two short final chunks", TRUNCATED, "corrupted", 0,
                        () -> payload(k).chunk(1, true).chunk(1, true)),
                failsInPayload("bytes after a short final chunk", TRUNCATED, "corrupted", 0,
                        () -> payload(k).chunk(5, true).raw(AgeVector.random(3))),

                // the chunk nonce: counter || flag
                failsInPayload("final flag 0x02 instead of 0x01", SEALED, "chunk 0 (bytes", 0,
                        () -> payload(k).chunk(new byte[C], 0, 2)),
                failsInPayload("a short final chunk sealed as non-final", TRUNCATED, "inside chunk 0", 0,
                        () -> payload(k).chunk(new byte[5], 0, 0)),
                failsInPayload("a middle chunk sealed as final", SEALED, AFTER_FINAL, C,
                        () -> payload(k).chunk(new byte[C], 0, 1).chunk(new byte[C], 1, 0).chunk(new byte[5], 2, 1)),
                failsInPayload("counter starting at 1", SEALED, "chunk 0 (bytes", 0,
                        () -> payload(k).chunk(new byte[C], 1, 0).chunk(new byte[5], 2, 1)),
                failsInPayload("counter skipping from 0 to 2", SEALED, "chunk 1 (bytes", C,
                        () -> payload(k).chunk(new byte[C], 0, 0).chunk(new byte[C], 2, 0).chunk(new byte[5], 3, 1)),
                failsInPayload("chunks in swapped order", SEALED, "chunk 0 (bytes", 0,
                        () -> payload(k).chunk(new byte[C], 1, 0).chunk(new byte[C], 0, 0).chunk(new byte[5], 2, 1)),
                failsInPayload("counter repeated by the final chunk", TRUNCATED, "inside chunk 1", C,
                        () -> payload(k).chunk(new byte[C], 0, 0).chunk(new byte[5], 0, 1)),
                failsInPayload("counter little-endian", SEALED, "chunk 1 (bytes", C,
                        () -> payload(k).chunk(new byte[C], 0, 0).chunk(new byte[C], littleEndianNonce(1))
                                .chunk(new byte[5], 2, 1)));
    }

    /** Version line, X25519 stanza and MAC, all valid. */
    private static AgeVector header(byte[] recipientKey) {
        return new AgeVector().versionLine().x25519(recipientKey).mac();
    }

    /** A valid header and payload nonce, ready for chunks. */
    private static AgeVector payload(byte[] recipientKey) {
        return header(recipientKey).nonce();
    }

    private static byte[] littleEndianNonce(int counter) {
        byte[] nonce = new byte[12];
        nonce[0] = (byte) counter;
        return nonce;
    }

    private static byte[] flipLastByte(byte[] file) {
        byte[] copy = file.clone();
        copy[copy.length - 1] ^= 0x20;
        return copy;
    }
}
