package org.kdumpreceiver.crypto;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads that seal chunks in parallel, shared by every stream. ChaCha20-Poly1305 is the most
 * expensive step of storing incompressible data (about 236 MB/s per core on JDK 17), and age's chunks
 * are independent, so a stream's chunks are sealed on several cores and written in order.
 */
final class ChunkSealers {
    static final int THREADS = Runtime.getRuntime().availableProcessors();
    static final ExecutorService POOL = THREADS < 2 ? null : Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "age-seal");
        t.setDaemon(true);
        return t;
    });

    private ChunkSealers() {}
}
