package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dcache.oncrpc4j.rpc.RpcAuthError;
import org.dcache.oncrpc4j.rpc.RpcAuthStat;
import org.dcache.oncrpc4j.rpc.RpcAuthType;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcRejectStatus;
import org.kdumpreceiver.store.HostIdentity;

/** Which client addresses may use the export ({@code nfs.clients}) and the host each one is ({@code nfs.hosts}). */
final class ClientAccess {
    private record Cidr(byte[] network, int prefix) {
        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Cidr> allowed = new ArrayList<>();
    private final Map<String, HostIdentity> hosts = new java.util.HashMap<>();

    ClientAccess(List<String> cidrs, Map<String, String> hostNames) {
        for (String c : cidrs) {
            int slash = c.indexOf('/');
            allowed.add(new Cidr(bytes(c.substring(0, slash)), Integer.parseInt(c.substring(slash + 1))));
        }
        hostNames.forEach((address, name) -> hosts.put(canonical(address), new HostIdentity(name)));
    }

    /** The host for this address, or null when the address is not in {@code nfs.clients}. */
    HostIdentity host(InetAddress address) {
        byte[] a = plain(address);
        boolean ok = allowed.stream().anyMatch(c -> c.contains(a));
        if (!ok) {
            return null;
        }
        String text = text(address);
        HostIdentity named = hosts.get(text);
        return named != null ? named : new HostIdentity(text);
    }

    /**
     * The host making an NFS call, or null once the call has been rejected with AUTH_TOOWEAK: its
     * address is not in {@code nfs.clients} (an event says so), or its credential is not AUTH_SYS.
     */
    HostIdentity admit(RpcCall call, NfsEvents events, String what) throws IOException {
        InetAddress remote = call.getTransport().getRemoteSocketAddress().getAddress();
        HostIdentity host = host(remote);
        if (host == null) {
            events.refusedClient(text(remote), what);
        }
        if (host == null || call.getCredential().type() != RpcAuthType.UNIX) {
            call.reject(RpcRejectStatus.AUTH_ERROR, new RpcAuthError(RpcAuthStat.AUTH_TOOWEAK));
            return null;
        }
        return host;
    }

    /** The address as text, IPv4-mapped IPv6 addresses as IPv4, without a scope. */
    static String text(InetAddress address) {
        try {
            return InetAddress.getByAddress(plain(address)).getHostAddress().replaceFirst("%.*$", "");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] plain(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= a[i] == 0;
            }
            if (mapped && a[10] == (byte) 0xff && a[11] == (byte) 0xff) {
                return java.util.Arrays.copyOfRange(a, 12, 16);
            }
        }
        return a;
    }

    private static String canonical(String literal) {
        return text(parse(literal));
    }

    private static byte[] bytes(String literal) {
        return plain(parse(literal));
    }

    private static InetAddress parse(String literal) {
        try {
            return InetAddress.getByName(literal);  // validated as an IP literal by the config loader
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
