package org.kdumpreceiver.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Generates a {@link Source} on its own thread into a few recycled buffers, so the thread that
 * stores the bytes spends no CPU making them and the generator's CPU can be told apart. At most
 * {@code depth} buffers exist: the input is never held in memory.
 */
final class Feeder implements AutoCloseable {
    static final class Chunk {
        final byte[] buf;
        int len;

        Chunk(int size) {
            buf = new byte[size];
        }
    }

    private static final Chunk END = new Chunk(0);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final BlockingQueue<Chunk> full;
    private final BlockingQueue<Chunk> free;
    private final Thread thread;
    private volatile long generatorCpuNanos;
    private volatile long generated;
    private volatile Throwable failure;

    Feeder(Source source, int chunkSize, int depth) {
        full = new ArrayBlockingQueue<>(depth + 1);
        free = new ArrayBlockingQueue<>(depth);
        for (int i = 0; i < depth; i++) {
            free.add(new Chunk(chunkSize));
        }
        thread = new Thread(() -> run(source), "bench-generator");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Source source) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long total = 0;
        try {
            while (true) {
                Chunk c = free.take();
                int n = source.fill(c.buf, 0, c.buf.length);
                if (n < 0) {
                    break;
                }
                c.len = n;
                total += n;
                full.put(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        } finally {
            generated = total;
            generatorCpuNanos = THREADS.getCurrentThreadCpuTime() - cpu0;
            full.offer(END);
        }
    }

    /** The next buffer of input, or null at the end. Hand it back with {@link #release}. */
    Chunk take() throws InterruptedException {
        Chunk c = full.take();
        if (c == END) {
            if (failure != null) {
                throw new IllegalStateException("generator failed", failure);
            }
            return null;
        }
        return c;
    }

    void release(Chunk c) {
        free.offer(c);
    }

    /** CPU time the generator thread used; valid once {@link #take} returned null. */
    long generatorCpuNanos() {
        return generatorCpuNanos;
    }

    long generated() {
        return generated;
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
