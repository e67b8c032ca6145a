package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.store.StoreException;

/**
 * A file's WRITEs on their way into its {@link WriteLog}, in arrival order, on a worker thread: the RPC
 * thread answers a WRITE (UNSTABLE) once the data is queued, and reads the client's next request while
 * the worker hashes, probes and compresses the previous one, so a client with one WRITE in flight keeps
 * both stages busy. At most {@link #MAX_QUEUED} bytes wait per file; beyond that the RPC thread waits
 * (back-pressure on the client's connection).
 *
 * <p>A failure of the log (disk full, store error) is kept and thrown by the next {@link #submit} or
 * {@link #drain}: the client sees it on its next WRITE, COMMIT or the RENAME that finishes the file,
 * which is what UNSTABLE writes promise. COMMIT and finishing drain the queue first.
 */
final class WriteQueue {
    /**
     * Two 1 MiB WRITEs: one being compressed while the next is read is all the overlap there is to
     * gain; more only keeps more 1 MiB arrays alive (with the unit's -Xmx192m, 8 MiB cost throughput
     * in GC, bench/README.md).
     */
    static final long MAX_QUEUED = 2L << 20;
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nfs-write");
        t.setDaemon(true);
        return t;
    });

    private record Pending(long offset, byte[] data) {
    }

    private final WriteLog log;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long queued;
    private boolean running;
    private boolean closed;
    private IOException failure;

    WriteQueue(WriteLog log) {
        this.log = log;
    }

    /** Queues {@code data} for {@code offset}; throws an earlier write's failure instead. */
    synchronized void submit(long offset, byte[] data) throws IOException {
        while (failure == null && !closed && queued > 0 && queued + data.length > MAX_QUEUED) {
            await();
        }
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            // A WRITE that raced the RENAME or CLOSE finishing the file: the log is sealed, refuse it loudly.
            throw new StoreException(RejectReason.FINISHED_FILE, "the file was finished while this write was on its way");
        }
        queue.add(new Pending(offset, data));
        queued += data.length;
        if (!running) {
            running = true;
            WORKERS.execute(this::work);
        }
    }

    /** No more writes: the file is being finished or given up; what is queued still goes in. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Waits until every queued write is in the log; throws a write's failure. */
    synchronized void drain() throws IOException {
        while (running) {
            await();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * For a file given up on (abort): waits at most {@code millis} for the queued writes, so what the
     * client sent is kept, then drops the rest; failures are the store's to report.
     */
    synchronized void drainQuietly(long millis) {
        // A wait bound on threads, not the receiver's time: nanoTime, which no clock change moves.
        long deadline = System.nanoTime() + millis * 1_000_000;
        long left;
        while (running && (left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        queue.clear();
        queued = 0;
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the file's queued writes");
        }
    }

    private void work() {
        while (true) {
            Pending p;
            synchronized (this) {
                p = queue.poll();
                if (p == null) {
                    running = false;
                    notifyAll();
                    return;
                }
            }
            try {
                log.write(p.offset(), p.data(), 0, p.data().length);
            } catch (Throwable e) {
                // Whatever stops the worker must also wake the RPC thread waiting in submit or drain.
                synchronized (this) {
                    failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
                    queue.clear();
                    queued = 0;
                    running = false;
                    notifyAll();
                }
                if (e instanceof Error err) {
                    throw err;
                }
                return;
            }
            synchronized (this) {
                queued -= p.data().length;
                notifyAll();
            }
        }
    }
}
