package org.kdumpreceiver.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written Go-style (also for CLI options such as {@code hosts token --ttl}): {@code 30s}, {@code 10m}, {@code 1h30m}, {@code 2d}, {@code 500ms}. */
public final class Durations {

    private static final String UNITS = "d, h, m, s, ms";
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|d|h|m|s)");

    private Durations() {
    }

    /** @throws IllegalArgumentException saying which form is expected */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.matches("[0-9]+")) {
            throw new IllegalArgumentException("'" + text + "' has no unit; write e.g. " + s + "s or " + s + "m"
                    + " (units: " + UNITS + ")");
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        int lastUnitRank = -1;
        while (m.find() && m.start() == end) {
            int rank = rank(m.group(2));
            if (rank <= lastUnitRank) {
                throw new IllegalArgumentException("'" + text + "': units must go from largest to smallest, each once,"
                        + " e.g. 1h30m");
            }
            lastUnitRank = rank;
            try {
                total = total.plus(unit(m.group(2)).multipliedBy(Long.parseLong(m.group(1))));
            } catch (ArithmeticException | NumberFormatException tooLarge) {
                throw new IllegalArgumentException("'" + text + "' is too long");
            }
            end = m.end();
        }
        if (end == 0 || end != s.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 30s, 10m, 1h or 1h30m"
                    + " (units: " + UNITS + ")");
        }
        return total;
    }

    private static int rank(String unit) {
        return switch (unit) {
            case "d" -> 0;
            case "h" -> 1;
            case "m" -> 2;
            case "s" -> 3;
            default -> 4;
        };
    }

    private static Duration unit(String unit) {
        return switch (unit) {
            case "d" -> Duration.ofDays(1);
            case "h" -> Duration.ofHours(1);
            case "m" -> Duration.ofMinutes(1);
            case "s" -> Duration.ofSeconds(1);
            default -> Duration.ofMillis(1);
        };
    }

    /** The form {@link #parse} reads back to the same value, e.g. {@code 1h30m}; zero is {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        append(out, d.toDays(), "d");
        append(out, d.toHoursPart(), "h");
        append(out, d.toMinutesPart(), "m");
        append(out, d.toSecondsPart(), "s");
        append(out, d.toMillisPart(), "ms");
        return out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount != 0) {
            out.append(amount).append(unit);
        }
    }
}
