package org.kdumpreceiver.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address, read from its literal text alone (never a DNS lookup). An IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.7}) is the IPv4 address: that is how a dual-stack socket reports an IPv4 client, and it
 * must meet the same rules as when it arrives on an IPv4 socket (OpenSSH treats it the same way).
 */
public final class IpAddress {
    /** 4 bytes for IPv4, 16 for IPv6; never changed after construction. */
    final byte[] bytes;

    private IpAddress(byte[] raw) {
        this.bytes = isMapped(raw) ? Arrays.copyOfRange(raw, 12, 16) : raw.clone();
    }

    /**
     * @param literal {@code 192.0.2.7}, {@code 2001:db8::7}, {@code ::ffff:192.0.2.7}
     * @throws IllegalArgumentException if it is not an IP address literal
     */
    public static IpAddress parse(String literal) {
        byte[] raw = literal == null ? null : IpLiterals.bytes(literal);
        if (raw == null) {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv4 or IPv6 address");
        }
        return new IpAddress(raw);
    }

    /**
     * A peer's address as the front ends write it ({@link InetAddress#getHostAddress()}): a {@code %scope}
     * suffix is ignored, since rules name networks, not interfaces.
     *
     * @return null if {@code text} is not an IP address literal
     */
    public static IpAddress ofPeer(String text) {
        if (text == null) {
            return null;
        }
        int scope = text.indexOf('%');
        byte[] raw = IpLiterals.bytes(scope < 0 ? text : text.substring(0, scope));
        return raw == null ? null : new IpAddress(raw);
    }

    public static IpAddress of(InetAddress address) {
        return new IpAddress(address.getAddress());
    }

    static IpAddress ofBytes(byte[] raw) {
        return new IpAddress(raw);
    }

    public boolean isIpv4() {
        return bytes.length == 4;
    }

    /** The same address for the socket API (no scope, no lookup). */
    public InetAddress inetAddress() {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static boolean isMapped(byte[] a) {
        if (a.length != 16 || a[10] != (byte) 0xff || a[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Dotted quad, or IPv6 in the RFC 5952 form (what inet_ntop and OpenSSH print, so patterns match it). */
    @Override
    public String toString() {
        if (isIpv4()) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        // The longest run of two or more zero groups (the first of equals) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
