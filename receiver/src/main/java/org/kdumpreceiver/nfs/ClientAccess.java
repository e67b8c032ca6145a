package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dcache.oncrpc4j.rpc.RpcAuthError;
import org.dcache.oncrpc4j.rpc.RpcAuthStat;
import org.dcache.oncrpc4j.rpc.RpcAuthType;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcRejectStatus;
import org.kdumpreceiver.config.Cidr;
import org.kdumpreceiver.config.IpAddress;
import org.kdumpreceiver.store.HostIdentity;

/** Which client addresses may use the export ({@code nfs.clients}) and the host each one is ({@code nfs.hosts}). */
final class ClientAccess {
    private final List<Cidr> allowed = new ArrayList<>();
    private final Map<String, HostIdentity> hosts = new java.util.HashMap<>();

    /** @throws IllegalArgumentException naming the key and the value the endpoint cannot use */
    ClientAccess(List<String> cidrs, Map<String, String> hostNames) {
        for (String c : cidrs) {
            try {
                allowed.add(Cidr.parse(c));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("nfs.clients: " + e.getMessage(), e);
            }
        }
        hostNames.forEach((address, name) -> {
            try {
                hosts.put(text(IpAddress.parse(address).inetAddress()), new HostIdentity(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("nfs.hosts." + address + ": " + e.getMessage(), e);
            }
        });
    }

    /** The host for this address, or null when the address is not in {@code nfs.clients}. */
    HostIdentity host(InetAddress address) {
        if (allowed.stream().noneMatch(c -> c.contains(address))) {
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
        return IpAddress.of(address).inetAddress().getHostAddress();
    }
}
