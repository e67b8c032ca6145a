package org.kdumpreceiver.ssh;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PublicKey;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.kdumpreceiver.ingest.AuthFailure;
import org.kdumpreceiver.store.HostIdentity;

/**
 * Public-key authentication against {@link KeyGrants} (authorized_keys, then the enrolled hosts); the key
 * found decides the host identity:
 * its {@code host=} option, its comment's host part, else the client address.
 */
final class KeyAuthenticator implements PublickeyAuthenticator {
    private final KeyGrants keys;

    KeyAuthenticator(KeyGrants keys) {
        this.keys = keys;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        String address = address(session.getClientAddress());
        AuthorizedKeys.Grant grant = keys.find(key);
        if (grant == null) {
            session.setAttribute(SessionIdentity.LAST_REFUSAL, AuthFailure.UNKNOWN_KEY);
            return false;
        }
        if (!grant.allows(address)) {
            session.setAttribute(SessionIdentity.LAST_REFUSAL, AuthFailure.FROM_MISMATCH);
            return false;
        }
        HostIdentity host = new HostIdentity(grant.hostName() != null ? grant.hostName() : hostNameOf(address));
        // MINA asks this for every key offered (queries and signed attempts) and verifies the signature
        // right after a yes, so the identity set last before success is the one of the proven key.
        session.setAttribute(SessionIdentity.KEY, new SessionIdentity(host, address, grant.fingerprint()));
        return true;
    }

    /** A client address as a host name; IPv6 literals that start with ':' get a prefix to stay a valid name. */
    static String hostNameOf(String address) {
        return Character.isLetterOrDigit(address.charAt(0)) ? address : "ip" + address;
    }

    static String address(SocketAddress socket) {
        if (socket instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(socket);
    }
}
