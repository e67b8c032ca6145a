package org.kdumpreceiver.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts writing a part file's pages back to disk while the file still arrives, so the fsync at its
 * end has little left to do. Every {@link #STEP} bytes written through it, it asks one shared
 * background thread to {@code force(false)} the file, unless such a request is still pending; the
 * writer never waits for it. Without this the kernel starts writeback only at 10% of RAM dirty (or
 * after 30 s), and a large dump's whole body is written by the final fsync, with every stage of the
 * pipeline idle.
 *
 * <p>Durability is unchanged: {@link SealedFileWriter} still fsyncs before the file counts as stored.
 * Errors of these early flushes are ignored; the final fsync reports them.
 */
final class EarlyWriteback extends OutputStream {
    static final long STEP = 32L << 20;
    private static final LinkedBlockingQueue<EarlyWriteback> QUEUE = new LinkedBlockingQueue<>();

    static {
        Thread t = new Thread(EarlyWriteback::flushLoop, "store-writeback");
        t.setDaemon(true);
        t.start();
    }

    private final OutputStream downstream;
    private final FileChannel channel;
    private final AtomicBoolean pending = new AtomicBoolean();
    private long sinceRequest;

    EarlyWriteback(OutputStream downstream, FileChannel channel) {
        this.downstream = downstream;
        this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
        downstream.write(b);
        advance(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        downstream.write(b, off, len);
        advance(len);
    }

    @Override
    public void flush() throws IOException {
        downstream.flush();
    }

    @Override
    public void close() throws IOException {
        downstream.close();
    }

    private void advance(int n) {
        sinceRequest += n;
        if (sinceRequest >= STEP && pending.compareAndSet(false, true)) {
            sinceRequest = 0;
            QUEUE.add(this);
        }
    }

    private static void flushLoop() {
        while (true) {
            EarlyWriteback w;
            try {
                w = QUEUE.take();
            } catch (InterruptedException e) {
                continue;
            }
            try {
                if (w.channel.isOpen()) {
                    w.channel.force(false);
                }
            } catch (IOException | RuntimeException e) {
                // Closed meanwhile, or an I/O error the final fsync will report.
            } finally {
                w.pending.set(false);
            }
        }
    }
}
