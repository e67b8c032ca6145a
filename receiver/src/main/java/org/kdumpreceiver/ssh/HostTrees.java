package org.kdumpreceiver.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.Ingest;
import org.kdumpreceiver.store.HostIdentity;

/** One {@link HostTree} per host, shared by all of that host's sessions. */
final class HostTrees {
    private final Ingest ingest;
    private final Clock clock;
    private final List<ClientPath> forbidden;
    private final Map<String, HostTree> trees = new ConcurrentHashMap<>();

    HostTrees(Ingest ingest, Clock clock, List<Path> receiverPaths) {
        this.ingest = ingest;
        this.clock = clock;
        this.forbidden = receiverPaths.stream().map(p -> {
            try {
                return ClientPath.parse(p.toAbsolutePath().normalize().toString());
            } catch (PathRefused e) {
                throw new IllegalArgumentException(e);
            }
        }).toList();
    }

    HostTree of(HostIdentity host) {
        return trees.computeIfAbsent(host.name(), h -> new HostTree(host, ingest, clock, forbidden, this::hasDumps));
    }

    /** Whether {@code name} is a host with dumps in the store (a directory under the root). */
    private boolean hasDumps(String name) {
        try {
            new HostIdentity(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Files.isDirectory(ingest.store().root().resolve(name));
    }

    void stopping(VerdictReason reason) {
        trees.values().forEach(t -> t.stopping(reason));
    }

    void closeAll() {
        trees.values().forEach(HostTree::close);
    }
}
