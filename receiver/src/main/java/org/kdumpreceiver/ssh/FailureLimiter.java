package org.kdumpreceiver.ssh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.ingest.AuthFailure;

/**
 * Counts failed enrolment passwords per client address. After a failure the next password from that
 * address is refused unchecked for {@code backoff}, doubling with each further failure; {@code maxFailures}
 * within {@code window} ban the address for {@code ban}. A refused-unchecked attempt is not a guess, so it
 * does not count. Only passwords are limited: an enrolled key behind the same NAT keeps working.
 */
final class FailureLimiter {
    /** Cap on the back-off doubling, so a long-lived address never waits longer than the ban itself. */
    private static final int MAX_DOUBLINGS = 10;

    private final int maxFailures;
    private final Duration window;
    private final Duration ban;
    private final Duration backoff;
    private final Clock clock;
    private final Map<String, Record> byAddress = new ConcurrentHashMap<>();

    private static final class Record {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant bannedUntil = Instant.MIN;
        Instant waitUntil = Instant.MIN;
        int consecutive;
    }

    FailureLimiter(ReceiverConfig.Enrolment config, Clock clock) {
        this.maxFailures = config.maxFailures();
        this.window = config.failureWindow();
        this.ban = config.ban();
        this.backoff = config.backoff();
        this.clock = clock;
    }

    /** {@code banned} or {@code backoff} when a password from {@code address} must not be checked now, else null. */
    AuthFailure refusal(String address) {
        Record r = byAddress.get(address);
        if (r == null) {
            return null;
        }
        synchronized (r) {
            Instant now = clock.instant();
            if (now.isBefore(r.bannedUntil)) {
                return AuthFailure.BANNED;
            }
            if (now.isBefore(r.waitUntil)) {
                return AuthFailure.BACKOFF;
            }
            return null;
        }
    }

    /** Records a failure; returns the end of the ban it started, or null. */
    Instant failed(String address) {
        if (byAddress.size() > 10_000) {
            prune();
        }
        Record r = byAddress.computeIfAbsent(address, a -> new Record());
        synchronized (r) {
            Instant now = clock.instant();
            r.failures.addLast(now);
            while (!r.failures.isEmpty() && !r.failures.peekFirst().isAfter(now.minus(window))) {
                r.failures.removeFirst();
            }
            r.consecutive++;
            if (!backoff.isZero()) {
                Duration wait = backoff.multipliedBy(1L << Math.min(r.consecutive - 1, MAX_DOUBLINGS));
                r.waitUntil = now.plus(wait.compareTo(ban) > 0 ? ban : wait);
            }
            if (r.failures.size() >= maxFailures) {
                r.failures.clear();
                r.consecutive = 0;
                r.bannedUntil = now.plus(ban);
                return r.bannedUntil;
            }
            return null;
        }
    }

    /** A right secret ends the back-off (the failures still count toward a ban within the window). */
    void succeeded(String address) {
        Record r = byAddress.get(address);
        if (r != null) {
            synchronized (r) {
                r.consecutive = 0;
                r.waitUntil = Instant.MIN;
            }
        }
    }

    /** Forgets addresses with nothing left to remember, so the map does not grow with every scanner. */
    void prune() {
        Instant now = clock.instant();
        byAddress.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Record r = e.getValue();
                return now.isAfter(r.bannedUntil) && now.isAfter(r.waitUntil)
                        && (r.failures.isEmpty() || r.failures.peekLast().isBefore(now.minus(window)));
            }
        });
    }
}
