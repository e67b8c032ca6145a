package org.kdumpreceiver.config;

import java.net.InetAddress;

/**
 * A network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}): the one parser and matcher for every
 * address list the receiver keeps ({@code nfs.clients}, {@code enrolment.password_clients}, a token's
 * {@code --cidr}, the CIDR entries of {@code from=} and the networks enrolled keys are bound to).
 *
 * <p>The prefix length is required, and bits beyond it must be zero (as OpenSSH requires in {@code from=}):
 * {@code 10.0.0.1/8} is more likely a typo for {@code 10.0.0.1/32} than a way to write {@code 10.0.0.0/8}.
 * An IPv4-mapped network ({@code ::ffff:10.0.0.0/104}) is the IPv4 network ({@code 10.0.0.0/8}), since
 * {@link IpAddress} reads mapped client addresses as IPv4. Otherwise the two families never match each
 * other: {@code ::/0} is every IPv6 client and no IPv4 one.
 */
public final class Cidr {
    private static final int MAPPED_PREFIX = 96;

    private final IpAddress network;
    private final int prefix;

    private Cidr(IpAddress network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code text} and how to write it */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a CIDR is missing, e.g. 10.0.0.0/8");
        }
        int slash = text.indexOf('/');
        String written = slash < 0 ? text : text.substring(0, slash);
        byte[] raw = IpLiterals.bytes(written);
        if (raw == null) {
            throw notCidr(text, "'" + written + "' is not an IPv4 or IPv6 address");
        }
        if (slash < 0) {
            throw notCidr(text, "add the prefix length, e.g. " + text + (raw.length == 4 ? "/32" : "/128")
                    + " for this one host");
        }
        String bits = text.substring(slash + 1);
        int writtenMax = raw.length * 8;
        if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > writtenMax) {
            throw notCidr(text, "prefix length must be 0.." + writtenMax);
        }
        int length = Integer.parseInt(bits);
        IpAddress address = IpAddress.parse(written);
        if (raw.length == 16 && address.isIpv4()) {
            if (length < MAPPED_PREFIX) {
                throw notCidr(text, "an IPv4-mapped network needs a prefix of at least 96 (::ffff:0:0/96 is every"
                        + " IPv4 address); write it as an IPv4 network, " + address + "/N");
            }
            length -= MAPPED_PREFIX;
        }
        Cidr cidr = new Cidr(masked(address, length), length);
        if (!cidr.network.equals(address)) {
            throw notCidr(text, address + " has bits set beyond the first " + length + "; write " + cidr
                    + " for the network or " + address + "/" + address.bytes.length * 8 + " for the one host");
        }
        return cidr;
    }

    /**
     * The network of {@code prefixIpv4} or {@code prefixIpv6} bits around a peer's address: how an enrolled key
     * is bound to where it enrolled from ({@code 10.1.2.3} and 24 give {@code 10.1.2.0/24}).
     *
     * @throws IllegalArgumentException if {@code peerAddress} is not an address or the prefix does not fit it
     */
    public static Cidr around(String peerAddress, int prefixIpv4, int prefixIpv6) {
        IpAddress address = IpAddress.ofPeer(peerAddress);
        if (address == null) {
            throw new IllegalArgumentException("'" + peerAddress + "' is not an IPv4 or IPv6 address");
        }
        int length = address.isIpv4() ? prefixIpv4 : prefixIpv6;
        if (length < 0 || length > address.bytes.length * 8) {
            throw new IllegalArgumentException("prefix length " + length + " does not fit " + address);
        }
        return new Cidr(masked(address, length), length);
    }

    public boolean contains(IpAddress address) {
        byte[] a = address.bytes;
        byte[] n = network.bytes;
        if (a.length != n.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    public boolean contains(InetAddress address) {
        return contains(IpAddress.of(address));
    }

    /** @param peerAddress as {@link IpAddress#ofPeer} reads it; anything else is in no network */
    public boolean contains(String peerAddress) {
        IpAddress address = IpAddress.ofPeer(peerAddress);
        return address != null && contains(address);
    }

    /** @return null if {@code text} is a CIDR, otherwise what is wrong with it (for the config's error list) */
    static String problem(String text) {
        try {
            parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static IpAddress masked(IpAddress address, int length) {
        byte[] bytes = address.bytes.clone();
        for (int bit = length; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return IpAddress.ofBytes(bytes);
    }

    private static IllegalArgumentException notCidr(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not a CIDR: " + why);
    }

    /** Canonical text: {@code 10.0.0.0/8}, {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return network + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && prefix == other.prefix && network.equals(other.network);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 31 + prefix;
    }
}
