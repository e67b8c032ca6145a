package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.ingest.AuthFailure;

/** Back-off doubling, the ban after max failures within the window, and its end. */
class FailureLimiterTest {
    Instant now = Instant.parse("2026-11-22T14:00:00Z");
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    FailureLimiter limiter(Duration backoff) {
        return new FailureLimiter(new ReceiverConfig.Enrolment(false, List.of(), 32, 128, 5, Duration.ofMinutes(10),
                Duration.ofMinutes(15), backoff), clock);
    }

    @Test
    void backOffDoublesAndASuccessEndsIt() {
        FailureLimiter l = limiter(Duration.ofSeconds(1));
        assertNull(l.refusal("10.0.0.1"));
        l.failed("10.0.0.1");
        assertEquals(AuthFailure.BACKOFF, l.refusal("10.0.0.1"));
        assertNull(l.refusal("10.0.0.2"), "other addresses are not affected");
        now = now.plusSeconds(1);
        assertNull(l.refusal("10.0.0.1"));
        l.failed("10.0.0.1");
        now = now.plusMillis(1500);
        assertEquals(AuthFailure.BACKOFF, l.refusal("10.0.0.1"), "second failure waits 2 s");
        l.succeeded("10.0.0.1");
        assertNull(l.refusal("10.0.0.1"));
    }

    @Test
    void fiveFailuresInTenMinutesBanForFifteen() {
        FailureLimiter l = limiter(Duration.ZERO);
        for (int i = 0; i < 4; i++) {
            assertNull(l.failed("10.0.0.1"));
            now = now.plusSeconds(60);
        }
        assertNotNull(l.failed("10.0.0.1"));
        assertEquals(AuthFailure.BANNED, l.refusal("10.0.0.1"));
        now = now.plus(Duration.ofMinutes(15)).minusSeconds(1);
        assertEquals(AuthFailure.BANNED, l.refusal("10.0.0.1"), "a second before the ban ends");
        now = now.plusSeconds(2);
        assertNull(l.refusal("10.0.0.1"), "a second after the ban ends");
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        FailureLimiter l = limiter(Duration.ZERO);
        for (int i = 0; i < 10; i++) {
            assertNull(l.failed("10.0.0.1"), "failure " + i);
            now = now.plus(Duration.ofMinutes(3));
        }
    }
}
