package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kdumpreceiver.config.TestSupport.RECIPIENTS;
import static org.kdumpreceiver.config.TestSupport.assertError;
import static org.kdumpreceiver.config.TestSupport.failure;
import static org.kdumpreceiver.config.TestSupport.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enrolment.* keys: defaults, overrides and their errors. */
class EnrolmentConfigTest {

    @TempDir
    Path tmp;

    private String file() {
        return tmp.resolve("config.yaml").toString();
    }

    @Test
    void defaultsAreTokensOnlyBoundToTheAddressWithFiveFailuresInTenMinutesBanningForFifteen() throws Exception {
        ReceiverConfig.Enrolment e = ConfigLoader.embeddedDefault(RECIPIENTS).enrolment();
        assertEquals(new ReceiverConfig.Enrolment(false, List.of(), 32, 128, 5, Duration.ofMinutes(10),
                Duration.ofMinutes(15), Duration.ofSeconds(1)), e);
    }

    @Test
    void everyEnrolmentKeyCanBeSet() throws Exception {
        ReceiverConfig c = load(tmp, """
                enrolment:
                  password_enabled: yes
                  password_clients: [10.0.0.0/8, "2001:db8::/32"]
                  bind_prefix_ipv4: 24
                  bind_prefix_ipv6: 64
                  max_failures: 3
                  failure_window: 1m
                  ban: 2s
                  backoff: 0s
                """);
        assertEquals(new ReceiverConfig.Enrolment(true, List.of("10.0.0.0/8", "2001:db8::/32"), 24, 64, 3,
                Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ZERO), c.enrolment());
        String yaml = ConfigPrinter.toYaml(c);
        assertTrue(yaml.contains("\nenrolment:\n  password_enabled: true\n"), yaml);
        assertTrue(yaml.contains("  ban: 2s\n  backoff: 0s\n"), yaml);
    }

    @Test
    void passwordWithoutClientNetworksIsRefused() throws Exception {
        ConfigException e = failure(tmp, "enrolment:\n  password_enabled: true\n");
        assertError(e, file(), 2, "enrolment.password_enabled", "enrolment.password_clients is not set");
        ConfigException empty = failure(tmp, "enrolment:\n  password_enabled: true\n  password_clients: []\n");
        assertError(empty, file(), 3, "enrolment.password_clients", "is empty although");
    }

    @Test
    void badValuesAreReportedWithTheirLines() throws Exception {
        ConfigException e = failure(tmp, """
                enrolment:
                  password_clients: [10.0.0.0]
                  bind_prefix_ipv4: 33
                  max_failures: 0
                  ban: 15
                """);
        assertError(e, file(), 2, "enrolment.password_clients[0]", "not a CIDR");
        assertError(e, file(), 3, "enrolment.bind_prefix_ipv4", "between 0 and 32");
        assertError(e, file(), 4, "enrolment.max_failures", "between 1 and 1000");
        assertError(e, file(), 5, "enrolment.ban", "15");
    }
}
