package org.kdumpreceiver.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * The STREAM payload reader. Reads one byte past each full chunk, because whether a chunk is the
 * last one decides its nonce. Failures are sticky and raised only once earlier plaintext is drained.
 */
final class OpeningInputStream extends InputStream {
    private static final int CHUNK = ChunkCipher.CHUNK;
    private static final int SEALED_CHUNK = CHUNK + ChunkCipher.TAG;

    private final SourceReader source;
    private final ChunkCipher cipher;
    private final long payloadStart;
    private final byte[] sealed = new byte[SEALED_CHUNK + 1];
    private final byte[] plain = new byte[CHUNK];
    private int lookahead;
    private int plainPos;
    private int plainLimit;
    private long counter;
    private boolean finished;
    private IOException failure;
    private boolean closed;

    OpeningInputStream(SourceReader source, ChunkCipher cipher) {
        this.source = source;
        this.cipher = cipher;
        this.payloadStart = source.offset();
    }

    @Override
    public int read() throws IOException {
        if (plainPos == plainLimit && !refill()) {
            return -1;
        }
        return plain[plainPos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (plainPos == plainLimit && !refill()) {
            return -1;
        }
        int n = Math.min(len, plainLimit - plainPos);
        System.arraycopy(plain, plainPos, b, off, n);
        plainPos += n;
        return n;
    }

    @Override
    public int available() {
        return plainLimit - plainPos;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            source.close();
        }
    }

    /** Decrypts the next chunk into {@code plain}; false at the authenticated end of the payload. */
    private boolean refill() throws IOException {
        if (closed) {
            throw new IOException("opened stream is already closed");
        }
        while (true) {
            if (failure != null) {
                throw failure;
            }
            if (finished) {
                return false;
            }
            try {
                plainLimit = nextChunk();
            } catch (SealedStreamException e) {
                failure = e;
                throw e;
            }
            plainPos = 0;
            if (plainLimit > 0) {
                return true;
            }
        }
    }

    private int nextChunk() throws IOException {
        long start = payloadStart + counter * SEALED_CHUNK;
        int total = lookahead + source.readFully(sealed, lookahead, sealed.length - lookahead);
        if (total == sealed.length) {
            int n;
            try {
                n = cipher.open(sealed, 0, SEALED_CHUNK, counter, false, plain);
            } catch (AEADBadTagException notMiddle) {
                n = finalChunkWithDataAfter(start);
            }
            sealed[0] = sealed[SEALED_CHUNK];
            lookahead = 1;
            counter++;
            return n;
        }
        lookahead = 0;
        if (total == 0) {
            // Only reachable for chunk 0: a later chunk always starts with a read-ahead byte.
            throw new TruncatedSealException("sealed file is truncated: it ends right after the header (byte "
                    + start + ") with no payload chunk");
        }
        if (total < ChunkCipher.TAG) {
            throw truncatedInside(start);
        }
        try {
            int n = cipher.open(sealed, 0, total, counter, true, plain);
            if (n == 0 && counter > 0) {
                throw new SealedStreamException("invalid sealed file: empty final chunk " + counter + " at byte "
                        + start + " after data (the age format forbids it)");
            }
            finished = true;
            return n;
        } catch (AEADBadTagException notFinal) {
            if (total < SEALED_CHUNK) {
                throw truncatedInside(start);
            }
        }
        // A full chunk at EOF that is authentic as a middle chunk: the file was cut at a chunk boundary.
        int n = decrypt(total, false, start);
        failure = new TruncatedSealException("sealed file is truncated: it ends at byte " + (start + SEALED_CHUNK)
                + " after chunk " + counter + " without the final chunk; all " + (counter + 1)
                + " complete chunks (" + ((counter + 1) * CHUNK) + " plaintext bytes) were authenticated");
        counter++;
        return n;
    }

    /**
     * A full chunk with bytes after it that is not a middle chunk. If it is authentic as the final chunk,
     * the payload ends there: its plaintext is returned like any authenticated chunk (age does the same)
     * and the bytes after it fail the stream, because the spec allows nothing after the final chunk and
     * they are not covered by any tag. Otherwise the chunk itself is corrupted.
     */
    private int finalChunkWithDataAfter(long start) throws SealedStreamException {
        int n = decrypt(SEALED_CHUNK, true, start);
        failure = new SealedStreamException("sealed file has data after its final chunk: the payload ends at byte "
                + (start + SEALED_CHUNK) + " with chunk " + counter + ", and all " + (counter * CHUNK + n)
                + " plaintext bytes were authenticated, but the file goes on; the bytes after that are not part of"
                + " the sealed file (appended to, or two files joined?)");
        return n;
    }

    private int decrypt(int length, boolean last, long start) throws SealedStreamException {
        try {
            return cipher.open(sealed, 0, length, counter, last, plain);
        } catch (AEADBadTagException e) {
            throw new SealedStreamException("sealed file is corrupted: chunk " + counter + " (bytes " + start + " to "
                    + (start + length - 1) + ") failed authentication", e);
        }
    }

    private TruncatedSealException truncatedInside(long start) {
        return new TruncatedSealException("sealed file is truncated: it ends inside chunk " + counter
                + " (which starts at byte " + start + ") without a valid final chunk; the " + counter
                + " earlier chunks (" + (counter * CHUNK) + " plaintext bytes) were authenticated. If the file"
                + " was not cut short, its last chunk is corrupted");
    }
}
