package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kdumpreceiver.config.ConfigLoader;
import org.kdumpreceiver.config.HostPort;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.crypto.Recipient;
import org.kdumpreceiver.ingest.SealedStoreFixture;

/**
 * A client-access setting the endpoint cannot use (a config built without the loader's checks) stops the start
 * through "cannot start the NFS export", naming the key, never as a bare IllegalArgumentException or later, at
 * the first call.
 */
class NfsEndpointStartTest {
    @TempDir
    Path tmp;

    static List<Arguments> badSettings() {
        return List.of(
                Arguments.of(List.of("127.0.0.1/32"), Map.of("10.0.2.15", "-web"), "'-web'"),
                Arguments.of(List.of("127.0.0.1/32"), Map.of("web-18", "web-18"), "'web-18'"),
                Arguments.of(List.of("10.0.0.0/40"), Map.of(), "'10.0.0.0/40'"),
                Arguments.of(List.of("10.0.0.1/8"), Map.of(), "'10.0.0.1/8'"),
                Arguments.of(List.of("::ffff:10.0.0.0/64"), Map.of(), "'::ffff:10.0.0.0/64'"));
    }

    @ParameterizedTest
    @MethodSource("badSettings")
    void badClientAccessStopsTheStartWithTheExportsMessage(List<String> clients, Map<String, String> hosts,
            String named) throws Exception {
        SealedStoreFixture store = new SealedStoreFixture(tmp);
        Path file = Files.writeString(tmp.resolve("config.yaml"), "state_dir: " + tmp.resolve("state") + "\n"
                + "storage:\n  root: " + store.root + "\n  min_free: 0\n"
                + "encryption:\n  recipients: [" + store.identity.recipient().encoded() + "]\n");
        ReceiverConfig valid = ConfigLoader.load(file, Recipient::problem);
        ReceiverConfig config = new ReceiverConfig(valid.stateDir(), valid.storage(), valid.encryption(),
                valid.compression(), valid.ssh(), new ReceiverConfig.Nfs(true, new HostPort("127.0.0.1", 0),
                        "/var/crash", clients, hosts, 0, false, 0),
                valid.metrics(), valid.limits(), valid.enrolment(), valid.source());

        IOException e = assertThrows(IOException.class,
                () -> NfsEndpoint.start(config, store.ingest, Duration.ofSeconds(1), Duration.ofMinutes(30)).close());
        assertTrue(e.getMessage().startsWith("cannot start the NFS export on 127.0.0.1:0: nfs."), e.getMessage());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }
}
