package org.kdumpreceiver.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.crypto.Identity;
import org.kdumpreceiver.crypto.IdentityFile;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.SealingPolicy;

/** A store in a temporary directory, sealed to a fresh identity whose file the real age CLI can use. */
public final class SealedStoreFixture {
    public final Path root;
    public final Path identityFile;
    public final Identity identity;
    public final DumpStore store;
    public final Ingest ingest;
    public final List<ReceiverEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    public SealedStoreFixture(Path tmp) throws IOException {
        this(tmp.resolve("dumps"), tmp.resolve("identity.txt"), 0, 0);
    }

    public SealedStoreFixture(Path root, Path identityFile, long maxFileBytes, long minFree) throws IOException {
        this(root, identityFile, maxFileBytes, minFree, Clock.systemUTC());
    }

    /** With the receiver's one clock set by the test (dump windows, idle timeouts, stamps). */
    public SealedStoreFixture(Path root, Path identityFile, long maxFileBytes, long minFree, Clock clock)
            throws IOException {
        this.root = root;
        this.identityFile = identityFile;
        this.identity = Identity.generate();
        IdentityFile.write(identityFile, identity);
        Files.createDirectories(root);
        this.store = new DumpStore(root, clock);
        this.ingest = new Ingest(store,
                new SealingPolicy(List.of(identity.recipient()), 3, maxFileBytes, minFree));
        ingest.subscribe(events::add);
        ingest.subscribe(new EventLog());
    }

    public IngestSession open(String host) throws IOException {
        return ingest.open(new HostIdentity(host), "test", "192.0.2.7", "/var/crash/192.0.2.7-202611221400");
    }

    /** Decrypts and decompresses a stored file with the real age and zstd binaries. */
    public Programs.Result openWithAgeCli(Path stored) {
        String age = Programs.require("age", "age");
        String zstd = Programs.require("zstd", "zstd");
        return Programs.shell(age + " -d -i '" + identityFile + "' '" + stored + "' | " + zstd + " -d -c");
    }
}
