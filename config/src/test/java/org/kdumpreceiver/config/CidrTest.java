package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        // /0 is the whole family, and only that family
        "0.0.0.0/0,        203.0.113.9,            true",
        "0.0.0.0/0,        2001:db8::1,            false",
        "::/0,             2001:db8::1,            true",
        "::/0,             203.0.113.9,            false",
        // /32 and /128 are one host
        "192.0.2.7/32,     192.0.2.7,              true",
        "192.0.2.7/32,     192.0.2.6,              false",
        "2001:db8::7/128,  2001:db8::7,            true",
        "2001:db8::7/128,  2001:db8::6,            false",
        "::1/128,          0:0:0:0:0:0:0:1,        true",
        // prefixes that do not end on a byte
        "10.0.0.0/8,       10.255.255.255,         true",
        "10.0.0.0/8,       11.0.0.0,               false",
        "192.0.2.128/25,   192.0.2.129,            true",
        "192.0.2.128/25,   192.0.2.127,            false",
        "2001:db8::/33,    2001:db8:7fff::1,       true",
        "2001:db8::/33,    2001:db8:8000::1,       false",
        // an IPv4-mapped client is an IPv4 client; a mapped network is an IPv4 network
        "10.0.0.0/8,       ::ffff:10.1.2.3,        true",
        "10.0.0.0/8,       0:0:0:0:0:ffff:a01:203, true",
        "::ffff:10.0.0.0/104, 10.1.2.3,            true",
        "::ffff:10.0.0.0/104, 11.1.2.3,            false",
        "::ffff:0:0/96,    198.51.100.1,           true",
        "::ffff:0:0/96,    2001:db8::1,            false",
        // the IPv4-compatible form is plain IPv6, not IPv4
        "10.0.0.0/8,       ::10.1.2.3,             false",
        // a peer's scope names an interface, not a network
        "fe80::/10,        fe80:0:0:0:0:0:0:1%eth0, true",
        // not an address at all: in no network
        "0.0.0.0/0,        example.com,            false",
        "::/0,             '',                     false",
    })
    void contains(String cidr, String address, boolean expected) {
        assertEquals(expected, Cidr.parse(cidr).contains(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1/32", "10.0.0.0/8", "0.0.0.0/0", "2001:db8::/32", "::1/128", "::/0",
        "fe80::1:2:3:4/128", "::ffff:192.0.2.0/120", "1:2:3:4:5:6:7:8/128", "1:2:3:4:5:6:0.0.0.0/96"})
    void accepts(String cidr) {
        assertNull(Cidr.problem(cidr));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/8/8", "10.0.0.0/1000",
        "::1/129", "::/256", "10.0.0/8", "host/24", "/8", "", "1:2:3:4:5:6:7:8:9/64", "1::2::3/64", "010.0.0.0/8",
        "1:2:3:4:5:6:7:8::/64", "fe80::%eth0/64", " 10.0.0.0/8",
        // bits beyond the prefix: a typo for the host or the network, not to be guessed
        "10.0.0.1/8", "0.0.0.1/0", "fe80::1:2:3:4/64", "::1/0",
        // a mapped network shorter than /96 would reach outside IPv4
        "::ffff:0:0/95", "::ffff:10.0.0.0/64"})
    void rejects(String cidr) {
        assertNotNull(Cidr.problem(cidr));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(cidr));
    }

    @Test
    void messagesSayHowToWriteIt() {
        assertTrue(Cidr.problem("192.0.2.7").contains("192.0.2.7/32"));
        assertTrue(Cidr.problem("2001:db8::7").contains("2001:db8::7/128"));
        assertTrue(Cidr.problem("10.0.0.0/40").contains("0..32"));
        assertTrue(Cidr.problem("2001:db8::/129").contains("0..128"));
        String hostBits = Cidr.problem("10.1.2.3/8");
        assertTrue(hostBits.contains("10.0.0.0/8") && hostBits.contains("10.1.2.3/32"), hostBits);
        assertTrue(Cidr.problem("::ffff:10.0.0.0/64").contains("IPv4"));
    }

    @Test
    void canonicalText() {
        assertEquals("10.0.0.0/8", Cidr.parse("::ffff:10.0.0.0/104").toString());
        assertEquals("2001:db8::/32", Cidr.parse("2001:0DB8:0:0::/32").toString());
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("::ffff:10.0.0.0/104"));
        assertFalse(Cidr.parse("10.0.0.0/8").equals(Cidr.parse("10.0.0.0/9")));
    }

    @Test
    void aroundBindsAnAddressToItsNetwork() {
        assertEquals("10.1.2.3/32", Cidr.around("10.1.2.3", 32, 128).toString());
        assertEquals("10.1.2.0/24", Cidr.around("10.1.2.3", 24, 128).toString());
        assertEquals("0.0.0.0/0", Cidr.around("10.1.2.3", 0, 128).toString());
        assertEquals("10.1.2.0/24", Cidr.around("::ffff:10.1.2.3", 24, 64).toString());
        assertEquals("2001:db8::/64", Cidr.around("2001:db8:0:0:1:2:3:4", 32, 64).toString());
        assertEquals("fe80::/64", Cidr.around("fe80:0:0:0:0:0:0:1%eth0", 32, 64).toString());
        assertThrows(IllegalArgumentException.class, () -> Cidr.around("web-17", 32, 128));
        assertThrows(IllegalArgumentException.class, () -> Cidr.around("10.1.2.3", 33, 128));
    }

    @Test
    void socketAddressesMatchLikeTheirText() throws Exception {
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 1, 2, 3});
        assertTrue(Cidr.parse("10.0.0.0/8").contains(mapped));
        assertFalse(Cidr.parse("::/0").contains(mapped));
        assertTrue(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8::9")));
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({
        "192.0.2.7,            192.0.2.7",
        "::ffff:192.0.2.7,     192.0.2.7",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "0:0:0:0:0:0:0:0,      ::",
        "0:0:0:0:0:0:0:1,      ::1",
        "1:0:0:0:0:0:0:0,      1::",
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:1:1:1:1:0:1, 2001:db8:1:1:1:1:0:1",
        "::10.1.2.3,           ::a01:203",
    })
    void addressText(String literal, String rfc5952) {
        assertEquals(rfc5952, IpAddress.parse(literal).toString());
    }
}
