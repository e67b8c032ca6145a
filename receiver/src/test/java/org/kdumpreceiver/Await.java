package org.kdumpreceiver;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Polls for what another thread or process does, in place of a sleep that hopes it is done by then.
 * A timeout fails with what was awaited and the last state seen. An AssertionError or exception from
 * the probe is thrown at once: a poll must not turn a real failure into a wait for the deadline.
 */
public final class Await {
    /** The pause between two looks starts short, so fast conditions stay fast, and doubles up to this. */
    private static final long MAX_PAUSE_MILLIS = 250;

    /** Looks at the state once: null means nothing to see yet; an exception ends the wait. */
    @FunctionalInterface
    public interface Probe<T, E extends Exception> {
        T get() throws E;
    }

    /** The deadline passed. A type of its own, so a caller can add diagnostics to this failure alone. */
    public static final class TimedOut extends AssertionError {
        TimedOut(String message) {
            super(message);
        }
    }

    private Await() {
    }

    /** Waits until {@code condition} holds; {@code what} names it in the failure. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        until(timeout, what, condition::getAsBoolean, holds -> holds);
    }

    /** Waits until {@code probe} sees something (not null) and returns it. */
    public static <T, E extends Exception> T value(Duration timeout, String what, Probe<T, E> probe)
            throws E, InterruptedException {
        return until(timeout, what, probe, seen -> true);
    }

    /**
     * Waits until {@code done} accepts what {@code probe} sees, and returns that. {@code done} is not
     * asked about null. On timeout the failure shows the last value seen.
     */
    public static <T, E extends Exception> T until(Duration timeout, String what, Probe<T, E> probe,
            Predicate<? super T> done) throws E, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 10;
        while (true) {
            T seen = probe.get();
            if (seen != null && done.test(seen)) {
                return seen;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimedOut(what + ": not within " + timeout.toMillis() + " ms"
                        + (seen instanceof Boolean ? "" : "; last seen: " + seen));
            }
            Thread.sleep(Math.max(1, Math.min(pause, left / 1_000_000)));
            pause = Math.min(2 * pause, MAX_PAUSE_MILLIS);
        }
    }
}
