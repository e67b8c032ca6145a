package org.kdumpreceiver.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Seals a stream in the age v1 format for one or more X25519 recipients. */
public final class Sealer {
    static final int FILE_KEY_BYTES = 16;
    static final int PAYLOAD_NONCE_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sealer() {}

    /**
     * Writes the age header to {@code destination} immediately and returns a stream that encrypts
     * what is written to it. {@code flush()} cannot emit a partial chunk (age chunks are fixed-size);
     * {@code close()} writes the final chunk and closes {@code destination}. Not thread-safe.
     */
    public static OutputStream seal(OutputStream destination, List<Recipient> recipients) throws IOException {
        Objects.requireNonNull(destination, "destination");
        if (recipients == null || recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient is required");
        }
        byte[] fileKey = new byte[FILE_KEY_BYTES];
        RANDOM.nextBytes(fileKey);
        List<Stanza> stanzas = new ArrayList<>(recipients.size());
        for (Recipient recipient : recipients) {
            stanzas.add(X25519Stanzas.wrap(fileKey, Objects.requireNonNull(recipient, "recipient")));
        }
        byte[] nonce = new byte[PAYLOAD_NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        destination.write(HeaderWriter.write(stanzas, fileKey));
        destination.write(nonce);
        return new SealingOutputStream(destination, new ChunkCipher(Hkdf.derive(nonce, fileKey, "payload")));
    }
}
