package org.kdumpreceiver.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kdumpreceiver.ingest.Ingest;
import org.kdumpreceiver.store.HostIdentity;

/** One {@link HostTree} per host, shared by all of that host's SSH sessions, over the host's one view. */
final class HostTrees {
    private final Ingest ingest;
    private final List<ClientPath> forbidden;
    private final Map<String, HostTree> trees = new ConcurrentHashMap<>();

    HostTrees(Ingest ingest, List<Path> receiverPaths) {
        this.ingest = ingest;
        this.forbidden = receiverPaths.stream().map(p -> {
            try {
                return ClientPath.parse(p.toAbsolutePath().normalize().toString());
            } catch (PathRefused e) {
                throw new IllegalArgumentException(e);
            }
        }).toList();
    }

    HostTree of(HostIdentity host) {
        return trees.computeIfAbsent(host.name(), h -> new HostTree(ingest.view(host), ingest, forbidden));
    }

    void closeAll() {
        trees.values().forEach(HostTree::close);
    }
}
