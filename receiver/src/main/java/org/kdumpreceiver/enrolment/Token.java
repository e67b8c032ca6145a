package org.kdumpreceiver.enrolment;

import java.time.Instant;

/**
 * One enrolment token as stored: only the salted hash of its secret.
 *
 * @param cidr where it may be used from (null: anywhere)
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
        if (cidr != null && !new AddressMatch(cidr).matches(address)) {
            return new Refusal("token-outside-cidr", "token " + id + " may only be used from " + cidr
                    + ", not from " + address);
        }
        return null;
    }

    Token usedOnce() {
        return new Token(id, hash, created, expires, maxUses, used + 1, cidr, host);
    }

    /** A bounded {@code reason} token (for metrics) and the operator's message. */
    public record Refusal(String reason, String message) {}
}
