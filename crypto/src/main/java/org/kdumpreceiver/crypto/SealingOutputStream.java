package org.kdumpreceiver.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** The STREAM payload writer: buffers one chunk, because only close() can tell which chunk is last. */
final class SealingOutputStream extends OutputStream {
    private static final int CHUNK = ChunkCipher.CHUNK;

    private final OutputStream destination;
    private final ChunkCipher cipher;
    private final byte[] plain = new byte[CHUNK];
    private final byte[] sealed = new byte[CHUNK + ChunkCipher.TAG];
    private int buffered;
    private long counter;
    private boolean closed;

    SealingOutputStream(OutputStream destination, ChunkCipher cipher) {
        this.destination = destination;
        this.cipher = cipher;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (buffered == CHUNK) {
            emit(plain, 0, CHUNK, false);
            buffered = 0;
        }
        plain[buffered++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            // A full buffer is sealed as non-final only once more data proves it is not the last chunk.
            if (buffered == CHUNK) {
                emit(plain, 0, CHUNK, false);
                buffered = 0;
            }
            if (buffered == 0 && len > CHUNK) {
                // Large writes are sealed straight from the caller's array, skipping a copy.
                emit(b, off, CHUNK, false);
                off += CHUNK;
                len -= CHUNK;
                continue;
            }
            int n = Math.min(len, CHUNK - buffered);
            System.arraycopy(b, off, plain, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    /** Flushes the destination only: a partial chunk cannot be sealed without ending the stream. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        destination.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (destination) {
            emit(plain, 0, buffered, true);
        }
    }

    private void emit(byte[] source, int offset, int length, boolean last) throws IOException {
        int n = cipher.seal(source, offset, length, counter, last, sealed);
        counter++;
        destination.write(sealed, 0, n);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("sealed stream is already closed");
        }
    }
}
