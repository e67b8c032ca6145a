package org.kdumpreceiver.enrolment;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether an address lies in a CIDR block, on literals only (never a DNS lookup). Also widens an address
 * to the block of a given prefix, which is how an enrolled key is bound to where it enrolled from.
 */
public final class AddressMatch {
    private final byte[] network;
    private final int prefix;

    /** @param cidr {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a bare address (its own /32 or /128) */
    public AddressMatch(String cidr) {
        int slash = cidr.indexOf('/');
        this.network = bytes(slash < 0 ? cidr : cidr.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR block");
        }
        try {
            this.prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length");
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("'" + cidr + "': prefix length must be 0.." + network.length * 8);
        }
    }

    public boolean matches(String address) {
        byte[] a = bytes(address);
        if (a == null || a.length != network.length) {
            return false;
        }
        for (int i = 0; i < prefix; i++) {
            int mask = 0x80 >> (i % 8);
            if ((network[i / 8] & mask) != (a[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** {@code 10.1.2.3} widened to prefix 24 is {@code 10.1.2.0/24}. */
    public static String widen(String address, int prefixIpv4, int prefixIpv6) {
        byte[] a = bytes(address);
        if (a == null) {
            throw new IllegalArgumentException("'" + address + "' is not an IP address");
        }
        int prefix = a.length == 4 ? prefixIpv4 : prefixIpv6;
        for (int i = prefix; i < a.length * 8; i++) {
            a[i / 8] &= (byte) ~(0x80 >> (i % 8));
        }
        try {
            return InetAddress.getByAddress(a).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String literal) {
        String s = literal.strip();
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.isEmpty() || !s.matches("[0-9a-fA-F:.]+") || (!s.contains(":") && !s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"))) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
