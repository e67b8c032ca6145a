package org.kdumpreceiver.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.kdumpreceiver.store.DumpStore;

/**
 * What {@code /readyz} reports: every registered front end is listening, the store takes a new file,
 * and at least {@code storage.min_free} is free. Checked afresh at each request, never cached.
 */
public final class Readiness {
    /** The answer; {@code problems} are short fixed phrases, never paths or client data. */
    record Status(List<String> problems) {
        boolean ready() {
            return problems.isEmpty();
        }
    }

    private final DumpStore store;
    private final long minFreeBytes;
    private final Map<String, BooleanSupplier> listeners = new ConcurrentHashMap<>();

    public Readiness(DumpStore store, long minFreeBytes) {
        this.store = store;
        this.minFreeBytes = minFreeBytes;
    }

    /** A front end's listener, e.g. {@code listener("ssh", server::isOpen)}; not ready while it is unbound. */
    public void listener(String name, BooleanSupplier bound) {
        listeners.put(name, bound);
    }

    Status check() {
        List<String> problems = new ArrayList<>();
        listeners.forEach((name, bound) -> {
            if (!bound.getAsBoolean()) {
                problems.add(name + " listener not bound");
            }
        });
        if (!writable(store.root())) {
            problems.add("storage not writable");
        }
        try {
            if (store.freeBytes() < minFreeBytes) {
                problems.add("storage free space below storage.min_free");
            }
        } catch (IOException e) {
            problems.add("storage free space unknown");
        }
        problems.sort(null);
        return new Status(List.copyOf(problems));
    }

    // access(2) says yes to root on almost anything; creating a file is the only honest test.
    private static boolean writable(Path root) {
        try {
            Path probe = Files.createTempFile(root, ".readyz-", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
