package org.kdumpreceiver.enrolment;

import java.time.Instant;
import org.kdumpreceiver.config.Cidr;

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
            return new Refusal("token-expired", "token " + id + " expired at " + expires
                    + "; issue a new one with kdump-receiver hosts token");
        }
        if (used >= maxUses) {
            return new Refusal("token-used-up", "token " + id + " was already used " + used + " of " + maxUses
                    + " times; issue a new one, or one with --uses N for several hosts");
        }
        if (cidr != null) {
            Cidr network;
            try {
                network = Cidr.parse(cidr);
            } catch (IllegalArgumentException e) {
                // Only an older release could have stored it (hosts token checks --cidr); the token is unusable.
                return new Refusal("token-outside-cidr", "token " + id + " is limited to a network the receiver"
                        + " no longer accepts (" + e.getMessage() + "); issue a new one with --cidr");
            }
            if (!network.contains(address)) {
                return new Refusal("token-outside-cidr", "token " + id + " may only be used from " + cidr
                        + ", not from " + address);
            }
        }
        return null;
    }

    Token usedOnce() {
        return new Token(id, hash, created, expires, maxUses, used + 1, cidr, host);
    }

    /** A bounded {@code reason} token (for metrics) and the operator's message. */
    public record Refusal(String reason, String message) {}
}
