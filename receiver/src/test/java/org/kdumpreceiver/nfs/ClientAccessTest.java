package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** nfs.clients through the one CIDR matcher, nfs.hosts by address whatever way it is written. */
class ClientAccessTest {

    private static InetAddress mapped(int a, int b, int c, int d) throws Exception {
        return InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) a, (byte) b,
            (byte) c, (byte) d});
    }

    @Test
    void anIpv4MappedNetworkIsTheIpv4Network() throws Exception {
        ClientAccess access = new ClientAccess(List.of("::ffff:10.0.0.0/104"), Map.of());
        assertEquals("10.1.2.3", access.host(InetAddress.getByName("10.1.2.3")).name());
        assertEquals("10.1.2.3", access.host(mapped(10, 1, 2, 3)).name());
        assertNull(access.host(InetAddress.getByName("11.1.2.3")));
        assertNull(access.host(InetAddress.getByName("2001:db8::1")));
    }

    @Test
    void familiesDoNotMatchEachOther() throws Exception {
        ClientAccess v6 = new ClientAccess(List.of("::/0"), Map.of());
        assertNull(v6.host(InetAddress.getByName("192.0.2.7")));
        assertEquals("2001:db8:0:0:0:0:0:1", v6.host(InetAddress.getByName("2001:db8::1")).name());
        ClientAccess v4 = new ClientAccess(List.of("0.0.0.0/0"), Map.of());
        assertNull(v4.host(InetAddress.getByName("2001:db8::1")));
        assertEquals("192.0.2.7", v4.host(mapped(192, 0, 2, 7)).name());
    }

    @Test
    void hostsAreFoundByAddressNotByText() throws Exception {
        ClientAccess access = new ClientAccess(List.of("10.0.0.0/8", "2001:db8::/32"),
                Map.of("::ffff:10.0.2.15", "web-17", "2001:DB8::7", "web-18"));
        assertEquals("web-17", access.host(InetAddress.getByName("10.0.2.15")).name());
        assertEquals("web-18", access.host(InetAddress.getByName("2001:db8:0:0:0:0:0:7")).name());
    }
}
