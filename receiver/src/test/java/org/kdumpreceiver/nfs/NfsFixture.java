package org.kdumpreceiver.nfs;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.kdumpreceiver.Await;
import org.kdumpreceiver.config.ConfigLoader;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.crypto.Recipient;
import org.kdumpreceiver.ingest.SealedStoreFixture;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.ManifestCodec;
import org.kdumpreceiver.store.StoredFile;

/** A sealed store and an NFS endpoint on ephemeral ports, files with final names sealed after 1 s idle. */
final class NfsFixture implements AutoCloseable {
    final SealedStoreFixture store;
    final NfsEndpoint endpoint;

    NfsFixture(Path dir, String clients) throws Exception {
        this(dir, clients, Clock.systemUTC());
    }

    /** With the receiver's one clock set by the test (idle times, dump windows). */
    NfsFixture(Path dir, String clients, Clock clock) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        store = new SealedStoreFixture(dir.resolve("dumps"), dir.resolve("operator.key"), 0, 0, clock);
        Path configFile = Files.writeString(dir.resolve("config.yaml"), "state_dir: " + state + "\n"
                + "storage:\n  root: " + store.root + "\n  min_free: 0\n"
                + "encryption:\n  recipients: [" + store.identity.recipient().encoded() + "]\n"
                + "ssh:\n  listen: 127.0.0.1:0\n"
                + "metrics:\n  enabled: false\n"
                + "nfs:\n  enabled: true\n  listen: 127.0.0.1:0\n  mount_port: 0\n  portmap: true\n  portmap_port: 0\n"
                + "  clients: [" + clients + "]\n");
        ReceiverConfig config = ConfigLoader.load(configFile, Recipient::problem);
        endpoint = NfsEndpoint.start(config, store.ingest, Duration.ofSeconds(1), Duration.ofMinutes(30));
    }

    /** The export's state alone, without RPC, for tests of who sees what. */
    static Exports exports(SealedStoreFixture store) {
        return new Exports(store.ingest, "/var/crash", 1 << 20, Duration.ofSeconds(60),
                Duration.ofMinutes(30), new NfsEvents(store.ingest.events()));
    }

    /** A libnfs URL for {@code path} below the export. */
    String url(String path) {
        return "nfs://127.0.0.1/var/crash" + path + "?version=3&nfsport=" + endpoint.port() + "&mountport="
                + endpoint.mountPort();
    }

    RpcTestClient client() throws Exception {
        return new RpcTestClient(endpoint.port(), endpoint.mountPort());
    }

    /** The stored file named {@code storedName} anywhere in the store. */
    Path stored(String storedName) throws Exception {
        try (Stream<Path> s = Files.walk(store.root)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().equals(storedName)).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one " + storedName + ", found " + found);
            }
            return found.get(0);
        }
    }

    /**
     * The stored file named {@code storedName} once its manifest says it is sealed, as a file nobody
     * renames is after the idle time. Generous: on a loaded machine the sealing may run late.
     */
    Path awaitSealed(String storedName) throws Exception {
        return Await.until(Duration.ofSeconds(60), storedName + " sealed", () -> lookUp(storedName),
                found -> found.file().sealed()).path();
    }

    /** A stored file and its entry in the manifest. */
    record Found(Path path, StoredFile file) {}

    /** The one stored file named {@code storedName} with its manifest entry, or null while there is none. */
    private Found lookUp(String storedName) throws Exception {
        List<Path> found;
        try (Stream<Path> s = Files.walk(store.root)) {
            found = s.filter(p -> p.getFileName().toString().equals(storedName)).toList();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return null;  // a file was renamed while the walk looked at it: look again
            }
            throw e;
        }
        if (found.size() > 1) {
            throw new AssertionError("expected one " + storedName + ", found " + found);
        }
        if (found.isEmpty()) {
            return null;
        }
        Path path = found.get(0);
        return ManifestCodec.read(path.resolveSibling(DumpStore.MANIFEST)).files().stream()
                .filter(f -> storedName.equals(f.storedName())).findFirst()
                .map(f -> new Found(path, f)).orElse(null);
    }

    String manifest(Path stored) throws Exception {
        return Files.readString(stored.resolveSibling("manifest.json"));
    }

    @Override
    public void close() throws Exception {
        endpoint.close();
        store.ingest.closeViews();
    }
}
