package org.kdumpreceiver.format;

import java.io.InputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed-size ring buffer between the thread storing a wrapped dump and the thread decompressing it.
 * The writer blocks while it is full, so memory stays bounded and decompression sets the pace. Once the
 * reader has finished (or failed) further writes are dropped, so the writer can never hang on it.
 */
final class BoundedPipe {
    private final byte[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private int head;
    private int count;
    private boolean writeClosed;
    private boolean readClosed;
    private boolean readerSawEof;

    BoundedPipe(int capacity) {
        ring = new byte[capacity];
    }

    void write(byte[] b, int off, int len) {
        lock.lock();
        try {
            while (len > 0) {
                while (count == ring.length && !readClosed) {
                    notFull.awaitUninterruptibly();
                }
                if (readClosed) {
                    return;
                }
                int tail = (head + count) % ring.length;
                int n = Math.min(len, Math.min(ring.length - count, ring.length - tail));
                System.arraycopy(b, off, ring, tail, n);
                count += n;
                off += n;
                len -= n;
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    void closeWrite() {
        lock.lock();
        try {
            writeClosed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void closeRead() {
        lock.lock();
        try {
            readClosed = true;
            count = 0;
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True once the reader asked for more than the writer ever wrote: it ran out of input. */
    boolean readerSawEof() {
        lock.lock();
        try {
            return readerSawEof;
        } finally {
            lock.unlock();
        }
    }

    InputStream input() {
        return new InputStream() {
            @Override
            public int read() {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                lock.lock();
                try {
                    while (count == 0 && !writeClosed && !readClosed) {
                        notEmpty.awaitUninterruptibly();
                    }
                    if (count == 0) {
                        readerSawEof = true;
                        return -1;
                    }
                    int n = Math.min(len, Math.min(count, ring.length - head));
                    System.arraycopy(ring, head, b, off, n);
                    head = (head + n) % ring.length;
                    count -= n;
                    notFull.signal();
                    return n;
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public int available() {
                lock.lock();
                try {
                    return count;
                } finally {
                    lock.unlock();
                }
            }
        };
    }
}
