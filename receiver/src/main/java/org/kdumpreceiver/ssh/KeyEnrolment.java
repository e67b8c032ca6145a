package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.kdumpreceiver.config.Cidr;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.enrolment.EnrolledKey;
import org.kdumpreceiver.enrolment.EnrolmentTokens;
import org.kdumpreceiver.enrolment.HostRegistry;
import org.kdumpreceiver.enrolment.PublicKeyLine;
import org.kdumpreceiver.enrolment.Token;
import org.kdumpreceiver.ingest.EnrolmentResult;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.Protocol;
import org.kdumpreceiver.store.HostIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What ssh-copy-id's install step (exec or SFTP) means here: the public keys it sends are checked and
 * entered in the host registry, bound to the address they came from. All keys are checked before any is
 * stored, so a bad line changes nothing; a token's use is counted once per run that adds a key.
 */
final class KeyEnrolment {
    private static final Logger LOG = LoggerFactory.getLogger("enrolment");
    static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_KEYS = 16;

    /** Exit status and the lines the client is told. */
    record Outcome(int status, List<String> messages) {}

    private final HostRegistry registry;
    private final KeyGrants grants;
    private final EnrolmentTokens tokens;
    private final ReceiverConfig.Enrolment config;
    private final EventBus events;
    private final Clock clock;

    KeyEnrolment(HostRegistry registry, KeyGrants grants, EnrolmentTokens tokens, ReceiverConfig.Enrolment config,
            EventBus events, Clock clock) {
        this.registry = registry;
        this.grants = grants;
        this.tokens = tokens;
        this.config = config;
        this.events = events;
        this.clock = clock;
    }

    Outcome enrol(EnrolmentGrant grant, String text) {
        String address = grant.clientAddress();
        List<PublicKeyLine> keys = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            try {
                keys.add(PublicKeyLine.parse(line));
            } catch (PublicKeyLine.Refused e) {
                return refuse(grant, null, "key refused: " + e.getMessage());
            }
        }
        if (keys.isEmpty()) {
            return refuse(grant, null, "no public key received on standard input");
        }
        if (keys.size() > MAX_KEYS) {
            return refuse(grant, null, keys.size() + " keys in one run; at most " + MAX_KEYS);
        }
        List<PublicKeyLine> fresh = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (PublicKeyLine k : keys) {
            AuthorizedKeys.Grant known = grants.find(k.fingerprint());
            if (known != null) {
                String host = known.hostName() != null ? known.hostName() : KeyAuthenticator.hostNameOf(address);
                messages.add("already enrolled: " + k.type() + " " + k.fingerprint() + " as host " + host);
                events.publish(new FrontEndEvent.Enrolment(Protocol.SSH, host, address,
                        EnrolmentResult.ALREADY_ENROLLED, "key=" + k.fingerprint() + " " + grant.describe()));
            } else if (fresh.stream().noneMatch(f -> f.fingerprint().equals(k.fingerprint()))) {
                fresh.add(k);
            }
        }
        if (fresh.isEmpty()) {
            return new Outcome(0, messages);
        }
        String from = Cidr.around(address, config.bindPrefixIpv4(), config.bindPrefixIpv6()).toString();
        List<EnrolledKey> entries = new ArrayList<>();
        for (PublicKeyLine k : fresh) {
            String host = hostName(grant, k);
            entries.add(new EnrolledKey(host, k.line(), k.type(), k.fingerprint(), from, clock.instant(), address,
                    grant.tokenId(), grant.via()));
        }
        try {
            for (EnrolledKey e : entries) {
                String veto = hostTaken(e, grant, registry.keys());
                if (veto != null) {
                    return refuse(grant, e.host(), veto);
                }
            }
            if (grant.tokenId() != null) {
                Token.Refusal used = tokens.consume(grant.tokenId(), address);
                if (used != null) {
                    return refuse(grant, null, used.message());
                }
            }
            for (EnrolledKey e : entries) {
                HostRegistry.Result result = registry.enrol(e, current -> hostTaken(e, grant, current));
                String detail = "key=" + e.fingerprint() + " type=" + e.type() + " from=" + from + " " + grant.describe();
                if (result == HostRegistry.Result.ENROLLED) {
                    messages.add("enrolled " + e.type() + " " + e.fingerprint() + " as host " + e.host()
                            + ", usable from " + from);
                    events.publish(new FrontEndEvent.Enrolment(Protocol.SSH, e.host(), address,
                            EnrolmentResult.ENROLLED, detail));
                } else {
                    messages.add("already enrolled: " + e.type() + " " + e.fingerprint());
                    events.publish(new FrontEndEvent.Enrolment(Protocol.SSH, e.host(), address,
                            EnrolmentResult.ALREADY_ENROLLED, detail));
                }
            }
        } catch (HostRegistry.Refused e) {
            return refuse(grant, null, e.getMessage());
        } catch (IOException e) {
            LOG.error("cannot write the host registry {}: {}", registry.path(), e.getMessage());
            return refuse(grant, null, "the receiver could not store the key (its log says why)");
        }
        return new Outcome(0, messages);
    }

    /** The token's {@code --host}, else the comment's host part ({@code root@web-17}), else the address. */
    private static String hostName(EnrolmentGrant grant, PublicKeyLine key) {
        if (grant.hostName() != null) {
            return grant.hostName();
        }
        String fromComment = AuthorizedKeys.hostFromComment(key.comment());
        return fromComment != null ? fromComment : new HostIdentity(KeyAuthenticator.hostNameOf(grant.clientAddress()))
                .name();
    }

    /**
     * A key whose comment claims a host name that another address already enrolled would let one host file
     * dumps as another: refused, unless the operator named the host on the token.
     */
    private static String hostTaken(EnrolledKey key, EnrolmentGrant grant, List<EnrolledKey> current) {
        if (grant.hostName() != null) {
            return null;
        }
        for (EnrolledKey other : current) {
            if (other.host().equals(key.host()) && other.from() != null
                    && !usableFrom(other.from(), grant.clientAddress())) {
                return "host name " + key.host() + " is already enrolled from " + other.from() + "; the operator can"
                        + " revoke it (kdump-receiver hosts revoke " + key.host() + ") or issue a token with --host "
                        + key.host();
            }
        }
        return null;
    }

    /** A key whose {@code from} cannot be read is usable from nowhere (KeyGrants refuses it), so not from here. */
    private static boolean usableFrom(String from, String address) {
        try {
            return AddressPattern.parse(from).matches(address);
        } catch (IllegalArgumentException e) {
            LOG.warn("host registry entry with unusable from={}: {}", from, e.getMessage());
            return false;
        }
    }

    private Outcome refuse(EnrolmentGrant grant, String host, String message) {
        // The Enrolment event is the log line (EventLog), with the message.
        events.publish(new FrontEndEvent.Enrolment(Protocol.SSH, host != null ? host : "-", grant.clientAddress(),
                EnrolmentResult.REFUSED,
                message + " " + grant.describe()));
        return new Outcome(1, List.of("enrolment refused: " + message));
    }
}
