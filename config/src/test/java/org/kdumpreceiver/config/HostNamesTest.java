package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"web-17", "db1.example.com", "10.0.2.15", "2001:db8:0:0:0:0:0:7", "fe80::1%eth0",
        "ip::1", "a", "A_b", "9"})
    void accepts(String name) {
        assertNull(HostNames.problem(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-web", ".hidden", "_x", ":1", "%x", "../etc", "a..b", "a/b", "a b", "web\n17",
        "wéb", "a\\b"})
    void rejects(String name) {
        assertNotNull(HostNames.problem(name));
    }

    @Test
    void lengthLimit() {
        assertNull(HostNames.problem("a".repeat(253)));
        assertTrue(HostNames.problem("a".repeat(254)).contains("at most 253"));
        assertNotNull(HostNames.problem(null));
    }
}
