package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kdumpreceiver.config.TestSupport.RECIPIENTS;
import static org.kdumpreceiver.config.TestSupport.assertError;
import static org.kdumpreceiver.config.TestSupport.failure;
import static org.kdumpreceiver.config.TestSupport.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics.* keys: defaults, overrides, secret files and their errors. */
class MetricsConfigTest {

    @TempDir
    Path tmp;

    private String file() {
        return tmp.resolve("config.yaml").toString();
    }

    private Path secret(String name, String content, String mode) throws Exception {
        Path p = Files.writeString(tmp.resolve(name), content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void defaultsServeOnLoopbackWithHostLabelAndNoAuth() throws Exception {
        ReceiverConfig.Metrics m = ConfigLoader.embeddedDefault(RECIPIENTS).metrics();
        assertTrue(m.enabled());
        assertEquals(new HostPort("127.0.0.1", 9465), m.listen());
        assertTrue(m.hostLabel());
        assertNull(m.bearerTokenFile());
        assertNull(m.basicAuthFile());
        assertFalse(m.authRequired());
        assertEquals(new ReceiverConfig.Metrics(new HostPort("127.0.0.1", 9465)), m);
    }

    @Test
    void everyMetricsKeyCanBeSet() throws Exception {
        Path token = secret("token", "s3cret\n", "rw-------");
        Path users = secret("users", "prometheus:pw\n", "rw-r-----");
        ReceiverConfig c = load(tmp, """
                metrics:
                  enabled: no
                  listen: 127.0.0.1:9100
                  host_label: off
                  bearer_token_file: %s
                  basic_auth_file: %s
                """.formatted(token, users));
        assertEquals(new ReceiverConfig.Metrics(false, new HostPort("127.0.0.1", 9100), false, token, users),
                c.metrics());
        assertTrue(c.metrics().authRequired());
    }

    @Test
    void badBooleansAreReported() throws Exception {
        ConfigException e = failure(tmp, "metrics:\n  enabled: sometimes\n  host_label: 2\n");
        assertError(e, file(), 2, "metrics.enabled", "expected true or false", "'sometimes'");
        assertError(e, file(), 3, "metrics.host_label", "expected true or false", "'2'");
    }

    @Test
    void missingSecretFileIsReported() throws Exception {
        Path missing = tmp.resolve("nope");
        ConfigException e = failure(tmp, "metrics:\n  bearer_token_file: " + missing + "\n");
        assertError(e, file(), 2, "metrics.bearer_token_file", missing + " does not exist");
    }

    @Test
    void worldReadableSecretFileIsRefusedWithoutShowingItsContent() throws Exception {
        Path users = secret("users", "prometheus:hunter2\n", "rw-r--r--");
        ConfigException e = failure(tmp, "metrics:\n  basic_auth_file: " + users + "\n");
        ConfigError error = assertError(e, file(), 2, "metrics.basic_auth_file", "readable by every user",
                "chmod o-r");
        assertFalse(error.message().contains("hunter2"), error.message());
    }

    @Test
    void directoryAsSecretFileIsRefused() throws Exception {
        ConfigException e = failure(tmp, "metrics:\n  bearer_token_file: " + tmp + "\n");
        assertError(e, file(), 2, "metrics.bearer_token_file", "not a regular file");
    }

    @Test
    void disabledMetricsMayShareTheSshPort() throws Exception {
        ReceiverConfig c = load(tmp, "metrics:\n  enabled: false\n  listen: 127.0.0.1:2222\n");
        assertFalse(c.metrics().enabled());
        ConfigException e = failure(tmp, "metrics:\n  enabled: true\n  listen: 127.0.0.1:2222\n");
        assertError(e, file(), 3, "metrics.listen", "also used by ssh.listen");
    }

    @Test
    void printedConfigWithSecretFilesRoundTripsAndShowsOnlyPaths() throws Exception {
        Path token = secret("token", "s3cret\n", "rw-------");
        ReceiverConfig c = load(tmp, "metrics:\n  host_label: false\n  bearer_token_file: " + token + "\n");
        String yaml = ConfigPrinter.toYaml(c);
        assertTrue(yaml.contains("  bearer_token_file: " + token + "\n"), yaml);
        assertTrue(yaml.contains("  basic_auth_file:  # none\n"), yaml);
        assertTrue(yaml.contains("  host_label: false\n"), yaml);
        assertFalse(yaml.contains("s3cret"), yaml);
        Path printed = Files.writeString(tmp.resolve("printed.yaml"), yaml);
        ReceiverConfig back = ConfigLoader.load(printed, RECIPIENTS);
        assertEquals(c.withSource(back.source()), back);
    }
}
