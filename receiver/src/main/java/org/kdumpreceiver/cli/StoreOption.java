package org.kdumpreceiver.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.kdumpreceiver.config.ConfigException;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.ManifestCodec;
import picocli.CommandLine.Mixin;

/** The store named by the configuration, for the read-only operator commands. */
final class StoreOption {
    @Mixin
    ConfigOption config;

    DumpStore store() throws ConfigException {
        return new DumpStore(config.load().storage().root(), Clock.systemUTC());
    }

    /** The manifests of the given ids, or of every dump when none is given. */
    static List<Manifest> manifests(DumpStore store, List<String> ids) throws IOException {
        List<Manifest> out = new ArrayList<>();
        if (ids == null || ids.isEmpty()) {
            for (Path dir : store.dumpDirectories()) {
                Path manifest = dir.resolve(DumpStore.MANIFEST);
                if (manifest.toFile().isFile()) {
                    out.add(ManifestCodec.read(manifest));
                }
            }
            return out;
        }
        for (String id : ids) {
            out.add(ManifestCodec.read(dir(store, id).resolve(DumpStore.MANIFEST)));
        }
        return out;
    }

    static Path dir(DumpStore store, String id) throws IOException {
        return store.find(id).orElseThrow(() -> new IOException("no dump '" + id + "' under " + store.root()
                + " (ids look like HOST/STAMP; see 'kdump-receiver dumps list')"));
    }
}
