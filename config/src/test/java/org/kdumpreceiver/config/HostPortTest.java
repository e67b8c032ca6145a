package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @Test
    void parsesIpv4HostnameAndIpv6() {
        assertEquals(new HostPort("127.0.0.1", 2222), HostPort.parse("127.0.0.1:2222"));
        assertEquals(new HostPort("0.0.0.0", 22), HostPort.parse("0.0.0.0:22"));
        assertEquals(new HostPort("dumps.example.org", 9465), HostPort.parse("dumps.example.org:9465"));
        assertEquals(new HostPort("::1", 2049), HostPort.parse("[::1]:2049"));
        assertEquals(new HostPort("::", 0), HostPort.parse("[::]:0"));
        assertEquals(new HostPort("2001:db8::7", 22), HostPort.parse("[2001:db8::7]:22"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:2222", "[::1]:2049", "[2001:db8::7]:22", "localhost:1"})
    void toStringReadsBack(String text) {
        assertEquals(text, HostPort.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2222", ":2222", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:port",
        "::1:22", "[::1]", "[::1:22", "[nothex]:22", "256.1.1.1:22", "1.2.3:22", "bad_host:22", "-x:22",
        "[::1]22", "127.0.0.1:-1"})
    void rejects(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
        assertTrue(e.getMessage().contains("host:port"), e.getMessage());
    }

    @Test
    void ipv6WithoutBracketsExplainsBrackets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("::1:22"));
        assertTrue(e.getMessage().contains("[::1]:2222"), e.getMessage());
    }
}
