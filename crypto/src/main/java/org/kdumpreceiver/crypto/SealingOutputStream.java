package org.kdumpreceiver.crypto;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The STREAM payload writer: buffers one chunk, because only close() can tell which chunk is last.
 * Non-final chunks are sealed on {@link ChunkSealers} (when there is more than one core) and written
 * in order; at most {@link #IN_FLIGHT} chunks wait, so memory stays bounded (about 512 KiB a stream).
 */
final class SealingOutputStream extends OutputStream {
    private static final int CHUNK = ChunkCipher.CHUNK;
    static final int IN_FLIGHT = 4;

    private final OutputStream destination;
    private final ChunkCipher cipher;
    private final byte[] plain = new byte[CHUNK];
    private final byte[] sealed = new byte[CHUNK + ChunkCipher.TAG];
    private final ArrayDeque<Job> pending = new ArrayDeque<>(IN_FLIGHT + 1);
    /** Recycled (plaintext, ciphertext) buffer pairs, so parallel sealing allocates nothing per chunk. */
    private final ArrayDeque<Job> spare = new ArrayDeque<>(IN_FLIGHT + 1);

    /** One chunk being sealed on the pool: its own copy of the plaintext and room for the ciphertext. */
    private static final class Job {
        final byte[] plain = new byte[CHUNK];
        final byte[] sealed = new byte[CHUNK + ChunkCipher.TAG];
        Future<Integer> length;
    }
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
            emit(plain, 0, CHUNK);
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
                emit(plain, 0, CHUNK);
                buffered = 0;
            }
            if (buffered == 0 && len > CHUNK) {
                emit(b, off, CHUNK);
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

    /** Writes out the chunks sealed so far and flushes the destination; a partial chunk stays buffered. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        drain(0);
        destination.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (destination) {
            drain(0);
            int n = cipher.seal(plain, 0, buffered, counter++, true, sealed);
            destination.write(sealed, 0, n);
        }
    }

    /** Seals a non-final chunk: in parallel when a pool exists, in order on the destination either way. */
    private void emit(byte[] source, int offset, int length) throws IOException {
        long chunk = counter++;
        if (ChunkSealers.POOL == null) {
            int n = cipher.seal(source, offset, length, chunk, false, sealed);
            destination.write(sealed, 0, n);
            return;
        }
        Job job = spare.isEmpty() ? new Job() : spare.poll();
        System.arraycopy(source, offset, job.plain, 0, length);
        job.length = ChunkSealers.POOL.submit(
                () -> ChunkCipher.sealConcurrently(cipher.key(), job.plain, 0, length, chunk, false, job.sealed));
        pending.add(job);
        drain(IN_FLIGHT);
    }

    /** Writes finished chunks, oldest first, until at most {@code keep} are still in flight. */
    private void drain(int keep) throws IOException {
        while (pending.size() > keep) {
            Job job = pending.peek();
            int n;
            try {
                n = job.length.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while sealing");
            } catch (ExecutionException e) {
                throw new IOException("sealing a chunk failed: " + e.getCause(), e.getCause());
            }
            pending.remove();
            destination.write(job.sealed, 0, n);
            spare.add(job);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("sealed stream is already closed");
        }
    }
}
