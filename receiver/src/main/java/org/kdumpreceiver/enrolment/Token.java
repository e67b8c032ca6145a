package org.kdumpreceiver.enrolment;

import java.time.Instant;
import org.kdumpreceiver.config.Cidr;
import org.kdumpreceiver.ingest.AuthFailure;

/**
 * One enrolment token as stored: only the salted hash of its secret.
 *
 * @param cidr where it may be used from, a {@link Cidr} (null: anywhere)
 * @param host the host name keys enrolled with it get (null: from the key's comment)
 */
public record Token(String id, String hash, Instant created, Instant expires, int maxUses, int used, String cidr,
        String host) {

    /** Why this token cannot enrol now from {@code address}, or null if it can. */
    public Refusal refusal(Instant now, String address) {
        if (!now.isBefore(expires)) {
            return new Refusal(AuthFailure.TOKEN_EXPIRED, "token " + id + " expired at " + expires
                    + "; issue a new one with kdump-receiver hosts token");
        }
        if (used >= maxUses) {
            return new Refusal(AuthFailure.TOKEN_USED_UP, "token " + id + " was already used " + used + " of " + maxUses
                    + " times; issue a new one, or one with --uses N for several hosts");
        }
        if (cidr != null) {
            Cidr network;
            try {
                network = Cidr.parse(cidr);
            } catch (IllegalArgumentException e) {
                // Only an older release could have stored it (hosts token checks --cidr); the token is unusable.
                return new Refusal(AuthFailure.TOKEN_OUTSIDE_CIDR, "token " + id + " is limited to a network the receiver"
                        + " no longer accepts (" + e.getMessage() + "); issue a new one with --cidr");
            }
            if (!network.contains(address)) {
                return new Refusal(AuthFailure.TOKEN_OUTSIDE_CIDR, "token " + id + " may only be used from " + cidr
                        + ", not from " + address);
            }
        }
        return null;
    }

    Token usedOnce() {
        return new Token(id, hash, created, expires, maxUses, used + 1, cidr, host);
    }

    /** Why, as the auth failure of a login with this token now, and the operator's message. */
    public record Refusal(AuthFailure reason, String message) {}
}
