package org.kdumpreceiver.store;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-off between the two halves of a file's byte path. The receiving thread writes zstd's
 * output here; a second thread (started with the first full buffer) writes it on into {@code
 * downstream} (the age sealer, which hashes and writes the part file). So compression and sealing run
 * on two cores at once.
 *
 * <p>Memory is bounded: {@link #BUFFERS} buffers of {@link #BUFFER} bytes (512 KiB per file), recycled;
 * the receiving thread waits for a free one when the sealing thread is behind.
 *
 * <p>Errors: an exception on the sealing thread stops it (nothing more reaches the file after it);
 * the receiving thread sees it on its next {@link #write}, {@link #checkFailed()} or {@link #close()}
 * as an {@link IOException} carrying the original message, so it is classified as before.
 *
 * <p>A file that ends before the first buffer fills (small files) never starts a thread: {@link
 * #close()} writes it through on the caller's thread.
 */
final class SealingHandoff extends OutputStream {
    static final int BUFFER = 128 * 1024;
    static final int BUFFERS = 4;

    private final OutputStream downstream;
    private final String threadName;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Filled buffers waiting for the sealing thread; guarded by lock. */
    private final ArrayDeque<Buffer> full = new ArrayDeque<>(BUFFERS + 1);
    /** Recycled buffers; guarded by lock. */
    private final ArrayDeque<Buffer> free = new ArrayDeque<>(BUFFERS);
    private int allocated;
    /** The buffer the receiving thread is filling; only that thread touches it. */
    private Buffer current;
    private Thread sealing;
    /** Guarded by lock. */
    private boolean ended;
    private boolean cancelled;
    private boolean sealingDone;
    private volatile Throwable error;
    private boolean closed;

    SealingHandoff(OutputStream downstream, String threadName) {
        this.downstream = downstream;
        this.threadName = threadName;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkFailed();
        if (closed) {
            throw new IOException("sealing hand-off is closed");
        }
        while (len > 0) {
            if (current == null) {
                current = takeFree();
            }
            int n = Math.min(len, BUFFER - current.length);
            System.arraycopy(b, off, current.data, current.length, n);
            current.length += n;
            off += n;
            len -= n;
            if (current.length == BUFFER) {
                handOff(current);
                current = null;
            }
        }
    }

    /** Throws the sealing thread's failure, if it had one. */
    void checkFailed() throws IOException {
        Throwable e = error;
        if (e != null) {
            throw asIOException(e);
        }
    }

    /** No partial chunk can be sealed; the sealer flushes only at close. */
    @Override
    public void flush() throws IOException {
        checkFailed();
    }

    /**
     * Hands over the last bytes, lets the sealing thread write the final chunk and close {@code
     * downstream}, and returns once it has; throws its failure if it had one.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            checkFailed();
            return;
        }
        closed = true;
        checkFailed();
        if (sealing == null) {
            // Never handed anything over: finish on this thread.
            try (downstream) {
                if (current != null && current.length > 0) {
                    downstream.write(current.data, 0, current.length);
                }
            }
            current = null;
            return;
        }
        if (current != null && current.length > 0) {
            handOff(current);
        }
        current = null;
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
            while (!sealingDone) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        joinQuietly();
        checkFailed();
    }

    /**
     * Stops the sealing thread without sealing the rest (the file is being kept as it is on disk) and
     * waits until it no longer touches the file. Buffered bytes are dropped; {@code downstream} is not
     * closed, so no final chunk is written.
     */
    void cancel() {
        closed = true;
        current = null;
        if (sealing == null) {
            return;
        }
        lock.lock();
        try {
            cancelled = true;
            full.clear();
            changed.signalAll();
            while (!sealingDone) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        joinQuietly();
    }

    private Buffer takeFree() throws IOException {
        lock.lock();
        try {
            while (true) {
                if (error != null) {
                    throw asIOException(error);
                }
                Buffer b = free.pollFirst();
                if (b != null) {
                    b.length = 0;
                    return b;
                }
                if (allocated < BUFFERS) {
                    allocated++;
                    return new Buffer();
                }
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void handOff(Buffer b) throws IOException {
        lock.lock();
        try {
            if (error != null) {
                throw asIOException(error);
            }
            full.addLast(b);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (sealing == null) {
            sealing = new Thread(this::sealLoop, threadName);
            sealing.setDaemon(true);
            sealing.start();
        }
    }

    private void sealLoop() {
        try {
            while (true) {
                Buffer b;
                lock.lock();
                try {
                    while (full.isEmpty() && !ended && !cancelled) {
                        changed.awaitUninterruptibly();
                    }
                    if (cancelled) {
                        return;
                    }
                    b = full.pollFirst();
                } finally {
                    lock.unlock();
                }
                if (b == null) {
                    // ended, and every buffer written: the final chunk, then the stream closes.
                    downstream.close();
                    return;
                }
                downstream.write(b.data, 0, b.length);
                lock.lock();
                try {
                    free.addLast(b);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (Throwable e) {
            error = e;
        } finally {
            lock.lock();
            try {
                sealingDone = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void joinQuietly() {
        boolean interrupted = false;
        while (true) {
            try {
                sealing.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static IOException asIOException(Throwable e) {
        if (e instanceof IOException io) {
            // A new instance with the same message (classification reads it) and this thread's stack.
            return new IOException(io.getMessage(), io);
        }
        return new IOException("sealing failed: " + e, e);
    }

    private static final class Buffer {
        final byte[] data = new byte[BUFFER];
        int length;
    }
}
