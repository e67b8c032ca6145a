package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrsTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1/32", "10.0.0.0/8", "0.0.0.0/0", "2001:db8::/32", "::1/128", "::/0",
        "fe80::1:2:3:4/64", "::ffff:192.0.2.0/120", "1:2:3:4:5:6:7:8/128"})
    void accepts(String cidr) {
        assertNull(Cidrs.problem(cidr));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0/8", "10.0.0.0/", "10.0.0.0/x", "::1/129", "host/24",
        "1:2:3:4:5:6:7:8:9/64", "1::2::3/64", "010.0.0.0/8", "10.0.0.0/8/8", "1:2:3:4:5:6:7:8::/64"})
    void rejects(String cidr) {
        assertNotNull(Cidrs.problem(cidr));
    }

    @Test
    void bareAddressSuggestsPrefix() {
        assertTrue(Cidrs.problem("192.0.2.7").contains("192.0.2.7/32"));
    }
}
