package org.kdumpreceiver.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;

/** Test helpers for sealing and opening in memory. */
final class Sealed {
    static final int CHUNK = 64 * 1024;
    static final int SEALED_CHUNK = CHUNK + 16;

    private Sealed() {}

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static byte[] seal(byte[] plaintext, Recipient... recipients) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream sealing = Sealer.seal(out, List.of(recipients))) {
            sealing.write(plaintext);
        }
        return out.toByteArray();
    }

    static byte[] open(byte[] sealed, Identity... identities) throws IOException {
        try (InputStream in = Opener.open(new ByteArrayInputStream(sealed), List.of(identities))) {
            return in.readAllBytes();
        }
    }

    /** Length of header plus payload nonce, derived from the known payload size. */
    static int payloadStart(byte[] sealed, int plaintextSize) {
        int chunks = Math.max(1, (plaintextSize + CHUNK - 1) / CHUNK);
        return sealed.length - plaintextSize - chunks * 16;
    }

    /** Reads until an exception, returning what was read before it and the exception. */
    static Partial readUntilFailure(byte[] sealed, Identity identity) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = Opener.open(new ByteArrayInputStream(sealed), List.of(identity))) {
            byte[] buffer = new byte[10_000];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                got.write(buffer, 0, n);
            }
            return new Partial(got.toByteArray(), null);
        } catch (IOException e) {
            return new Partial(got.toByteArray(), e);
        }
    }

    record Partial(byte[] plaintext, IOException failure) {}
}
