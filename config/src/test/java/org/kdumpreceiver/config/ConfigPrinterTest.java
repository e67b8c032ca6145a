package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kdumpreceiver.config.TestSupport.RECIPIENT;
import static org.kdumpreceiver.config.TestSupport.RECIPIENTS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

class ConfigPrinterTest {

    @TempDir
    Path tmp;

    private ReceiverConfig roundTrip(ReceiverConfig config) throws Exception {
        Path file = tmp.resolve("printed.yaml");
        Files.writeString(file, ConfigPrinter.toYaml(config));
        return ConfigLoader.load(file, RECIPIENTS);
    }

    @Test
    void embeddedDefaultRoundTrips() throws Exception {
        ReceiverConfig d = ConfigLoader.embeddedDefault(RECIPIENTS);
        ReceiverConfig back = roundTrip(d);
        assertEquals(d.withSource(back.source()), back);
    }

    @Test
    void unusualValuesRoundTrip() throws Exception {
        ReceiverConfig c = new ReceiverConfig(
                tmp.resolve("state dir #1: yes"),
                new ReceiverConfig.Storage(tmp.resolve("true"), 1536),
                new ReceiverConfig.Encryption(List.of(RECIPIENT, RECIPIENT.replace('q', 'p'))),
                new ReceiverConfig.Compression(19),
                new ReceiverConfig.Ssh(new HostPort("::", 22), Path.of("/etc/keys \"quoted\"")),
                new ReceiverConfig.Nfs(true, new HostPort("0.0.0.0", 2049), "/var/crash", List.of("10.0.0.0/8", "::/0"),
                        java.util.Map.of("::1", "localhost", "10.0.2.15", "web-17"), 0, true, 1111),
                new ReceiverConfig.Metrics(new HostPort("metrics.example.org", 9465)),
                new ReceiverConfig.Limits(1, 1, 1, Duration.ofSeconds(5401), 0, 4096),
                new ReceiverConfig.Enrolment(true, List.of("10.0.0.0/8", "2001:db8::/32"), 24, 64, 3,
                        Duration.ofSeconds(90), Duration.ofHours(2), Duration.ZERO),
                "test");
        ReceiverConfig back = roundTrip(c);
        assertEquals(c.withSource(back.source()), back);
    }

    @Test
    void printsHumanSizesAndDurationsInFileLayout() throws Exception {
        String yaml = ConfigPrinter.toYaml(ConfigLoader.embeddedDefault(RECIPIENTS));
        assertTrue(yaml.contains("\nstorage:\n  root: ./var/dumps\n  min_free: 1GiB\n"), yaml);
        assertTrue(yaml.contains("  idle_timeout: 10m\n"), yaml);
        assertTrue(yaml.contains("  buffer_per_file: 16MiB\n"), yaml);
        assertTrue(yaml.contains("  recipients: []\n"), yaml);
        assertTrue(yaml.contains("  listen: 127.0.0.1:2222\n"), yaml);
        assertTrue(yaml.contains("  authorized_keys: ./var/state/authorized_keys\n"), yaml);
        assertTrue(yaml.startsWith("# Effective kdump-receiver configuration (from embedded default)\n"), yaml);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "./var/state", "true", "null", "~", "123", "1.5", "a: b", "#x", "[::]:22",
        "- x", "it's", "\"q\"", "back\\slash", "tab\there", "", " lead", "yes", "0x10", "@at", "*star", "&amp"})
    void quotedScalarsReadBackAsTheSameString(String s) {
        Object parsed = new Yaml().load("k: " + ConfigPrinter.quote(s));
        assertEquals(java.util.Map.of("k", s), parsed);
    }
}
