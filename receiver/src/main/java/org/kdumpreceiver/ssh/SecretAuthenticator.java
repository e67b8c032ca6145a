package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.kdumpreceiver.config.Cidr;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.enrolment.EnrolmentPassword;
import org.kdumpreceiver.enrolment.EnrolmentTokens;
import org.kdumpreceiver.enrolment.Token;
import org.kdumpreceiver.ingest.AuthFailure;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password and keyboard-interactive authentication, which accept nothing but an enrolment secret: a
 * token from {@code hosts token}, or the standing password when enabled and used from its networks.
 * Such a session gets an {@link EnrolmentGrant}, never a host identity. Every failure is an event and a
 * log line naming the address and the reason (for a refused token also which token and why).
 */
final class SecretAuthenticator implements PasswordAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger("enrolment");

    private final EnrolmentTokens tokens;
    private final EnrolmentPassword password;
    private final ReceiverConfig.Enrolment config;
    private final List<Cidr> passwordClients;
    private final FailureLimiter limiter;
    private final EventBus events;
    private final Clock clock;

    SecretAuthenticator(EnrolmentTokens tokens, EnrolmentPassword password, ReceiverConfig.Enrolment config,
            FailureLimiter limiter, EventBus events, Clock clock) {
        this.tokens = tokens;
        this.password = password;
        this.config = config;
        this.passwordClients = config.passwordClients().stream().map(Cidr::parse).toList();
        this.limiter = limiter;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public boolean authenticate(String user, String secret, ServerSession session) {
        String address = KeyAuthenticator.address(session.getClientAddress());
        AuthFailure limited = limiter.refusal(address);
        if (limited != null) {
            report(session, address, user, limited, "password from " + address + " not checked: "
                    + (limited == AuthFailure.BANNED ? "the address is banned after too many failures"
                            : "too soon after the last failure (back-off)"));
            return false;
        }
        try {
            Token token = tokens.match(secret);
            if (token != null) {
                Token.Refusal refusal = token.refusal(clock.instant(), address);
                if (refusal != null) {
                    return fail(session, address, user, refusal.reason(), refusal.message());
                }
                return grant(session, new EnrolmentGrant("token", token.id(), token.host(), address));
            }
            if (config.passwordEnabled() && password.matches(secret)) {
                if (passwordClients.stream().noneMatch(c -> c.contains(address))) {
                    return fail(session, address, user, AuthFailure.PASSWORD_OUTSIDE_CIDR, "the enrolment password may"
                            + " only be used from " + String.join(", ", config.passwordClients()) + ", not from " + address
                            + " (enrolment.password_clients)");
                }
                return grant(session, new EnrolmentGrant("password", null, null, address));
            }
            return fail(session, address, user, AuthFailure.BAD_PASSWORD,
                    "neither an enrolment token nor the enrolment password" + (config.passwordEnabled() ? "" : " (the standing password is off: enrolment.password_enabled)"));
        } catch (IOException e) {
            LOG.error("cannot check an enrolment secret from {}: {}", address, e.getMessage());
            report(session, address, user, AuthFailure.STORAGE_ERROR, e.getMessage());
            return false;
        }
    }

    private boolean grant(ServerSession session, EnrolmentGrant grant) {
        limiter.succeeded(grant.clientAddress());
        session.setAttribute(EnrolmentGrant.KEY, grant);
        LOG.info("enrolment session accepted client={} {}", grant.clientAddress(), grant.describe());
        return true;
    }

    private boolean fail(ServerSession session, String address, String user, AuthFailure reason, String message) {
        report(session, address, user, reason, message);
        Instant bannedUntil = limiter.failed(address);
        if (bannedUntil != null) {
            LOG.warn("enrolment ban client={} until={}: {} failed passwords within {}", address, bannedUntil,
                    config.maxFailures(), config.failureWindow());
        }
        return false;
    }

    private void report(ServerSession session, String address, String user, AuthFailure reason,
            String message) {
        session.setAttribute(SessionIdentity.FAILURE_REPORTED, Boolean.TRUE);
        LOG.warn("enrolment refused client={} user={} reason={}: {}", address, user, reason, message);
        events.publish(new FrontEndEvent.AuthFailed(Protocol.SSH, address, user, reason));
    }
}
