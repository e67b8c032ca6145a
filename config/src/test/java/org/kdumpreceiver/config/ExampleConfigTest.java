package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kdumpreceiver.config.TestSupport.RECIPIENT;
import static org.kdumpreceiver.config.TestSupport.RECIPIENTS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped examples must stay loadable as the schema evolves. */
class ExampleConfigTest {

    // Surefire runs in the module directory.
    private static final Path PRODUCTION = Path.of("examples/production.yaml");

    @TempDir
    Path tmp;

    @Test
    void productionExampleLoads() throws Exception {
        // Its absolute paths are only creatable as root; elsewhere the variant below still checks every value.
        Assumptions.assumeTrue(Directories.writableProblem(Path.of("/var/lib/kdump-receiver")) == null
                && Directories.writableProblem(Path.of("/srv/kdump")) == null, "needs root to create /var/lib and /srv paths");
        ReceiverConfig c = ConfigLoader.load(PRODUCTION, RECIPIENTS);
        assertEquals(new HostPort("0.0.0.0", 22), c.ssh().listen());
        assertEquals(Path.of("/var/lib/kdump-receiver"), c.stateDir());
        assertEquals(Path.of("/srv/kdump"), c.storage().root());
        assertEquals(List.of(RECIPIENT), c.encryption().recipients());
        assertTrue(c.nfs().enabled());
        assertEquals(new HostPort("127.0.0.1", 9465), c.metrics().listen());
        assertEquals(PRODUCTION.toString(), c.source());
    }

    @Test
    void productionExampleValuesAreValidWithLocalPaths() throws Exception {
        String yaml = Files.readString(PRODUCTION)
                .replace("/var/lib/kdump-receiver", tmp.resolve("state").toString())
                .replace("/srv/kdump", tmp.resolve("dumps").toString());
        ReceiverConfig c = ConfigLoader.load(Files.writeString(tmp.resolve("prod.yaml"), yaml), RECIPIENTS);
        assertEquals(List.of("10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32"), c.nfs().clients());
        assertEquals(1L << 40, c.limits().maxFileBytes());
    }

    @Test
    void embeddedDefaultResourceHasNoUnknownKeysAndEveryKeyButAuthorizedKeys() throws Exception {
        ErrorList errors = new ErrorList();
        String text = new String(ConfigLoader.class.getResourceAsStream(ConfigLoader.EMBEDDED_RESOURCE).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        YamlFile defaults = YamlFile.parse(ConfigLoader.EMBEDDED_DEFAULT, text, errors);
        assertTrue(errors.isEmpty());
        for (String key : Keys.ALL) {
            // These default to unset (an empty value), not to a value of their own.
            if (!java.util.Set.of(Keys.SSH_AUTHORIZED_KEYS, Keys.METRICS_BEARER_TOKEN_FILE,
                    Keys.METRICS_BASIC_AUTH_FILE).contains(key)) {
                assertTrue(defaults.get(key) != null, key + " has no embedded default");
            }
        }
    }
}
