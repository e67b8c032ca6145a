package org.kdumpreceiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The polling helper itself: it must neither hide a failure nor report a timeout without saying what. */
class AwaitTest {
    /** Far longer than any of these tests may take, so reaching it would show up as a slow test. */
    private static final Duration LONG = Duration.ofMinutes(1);

    @Test
    void returnsWhatTheProbeSawOnceItIsDone() throws Exception {
        AtomicInteger looks = new AtomicInteger();
        int seen = Await.until(LONG, "three looks", looks::incrementAndGet, n -> n >= 3);
        assertEquals(3, seen);
        assertEquals("ready", Await.value(LONG, "a value", () -> looks.incrementAndGet() < 6 ? null : "ready"));
    }

    @Test
    void aTimeoutSaysWhatWasAwaitedAndTheLastStateSeen() {
        AtomicInteger looks = new AtomicInteger();
        Await.TimedOut t = assertThrows(Await.TimedOut.class, () -> Await.until(Duration.ofMillis(100),
                "the counter at -1", () -> "count " + looks.incrementAndGet(), s -> s.equals("count -1")));
        assertTrue(t.getMessage().startsWith("the counter at -1: not within 100 ms; last seen: count "), t.getMessage());
        assertTrue(t.getMessage().endsWith("count " + looks.get()), t.getMessage());
        assertTrue(looks.get() > 1, "looked again before giving up");
    }

    @Test
    void anAssertionErrorOrExceptionFromTheProbeIsThrownAtOnce() {
        long start = System.nanoTime();
        AssertionError failed = new AssertionError("the daemon died");
        assertSame(failed, assertThrows(AssertionError.class, () -> Await.until(LONG, "never", () -> {
            throw failed;
        })));
        IOException broken = new IOException("unreadable manifest");
        assertSame(broken, assertThrows(IOException.class, () -> Await.value(LONG, "never", () -> {
            throw broken;
        })));
        // A poll that kept the failure until its deadline would have taken the whole minute.
        assertTrue(System.nanoTime() - start < LONG.toNanos() / 2, "the probe's failure was held back");
    }
}
