package org.kdumpreceiver.nfs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.kdumpreceiver.config.ConfigLoader;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.crypto.Recipient;
import org.kdumpreceiver.ingest.SealedStoreFixture;

/**
 * Runs the NFS endpoint with its portmapper on port 111 in the process it is started in (a network
 * namespace of its own, see {@link PortmapperInteropTest}), prints {@code READY nfsPort mountPort}
 * and serves until its standard input closes. Arguments: the config file, the store directory.
 */
public final class PortmapperNamespaceServer {
    private PortmapperNamespaceServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        SealedStoreFixture store = new SealedStoreFixture(dir.resolve("dumps"), dir.resolve("operator.key"), 0, 0);
        ReceiverConfig config = ConfigLoader.load(Path.of(args[0]), Recipient::problem);
        try (NfsEndpoint nfs = NfsEndpoint.start(config, store.ingest, Duration.ofSeconds(1), Duration.ofMinutes(30))) {
            System.out.println("READY " + nfs.port() + " " + nfs.mountPort() + " " + nfs.portmapPort());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // serve until the test closes our input
            }
        }
        System.exit(0);
    }
}
