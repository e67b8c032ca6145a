package org.kdumpreceiver.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as sysadmins write them. Single letters (K, M, G, T) are binary, as on the kernel
 * command line ({@code crashkernel=256M}); KiB..TiB are binary too; KB..TB are decimal (SI).
 */
final class Sizes {

    static final String VALID_UNITS = "B, K/KiB, M/MiB, G/GiB, T/TiB (powers of 1024), KB, MB, GB, TB (powers of 1000)";

    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)");

    private record Unit(String name, long factor) {
    }

    // Printing order: the largest unit that divides a value evenly wins.
    private static final List<Unit> BINARY = List.of(
            new Unit("TiB", 1L << 40), new Unit("GiB", 1L << 30), new Unit("MiB", 1L << 20), new Unit("KiB", 1L << 10));

    private Sizes() {
    }

    /**
     * @throws IllegalArgumentException naming the valid units, or the overflow
     */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write a number with an optional unit,"
                    + " e.g. 512MiB, 10GiB, 16M or 1073741824");
        }
        long factor = factor(m.group(2));
        if (factor < 0) {
            throw new IllegalArgumentException("'" + text + "' has unknown unit '" + m.group(2) + "'; valid units: "
                    + VALID_UNITS);
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        try {
            return bytes.longValueExact();
        } catch (ArithmeticException notWhole) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes");
        }
    }

    private static long factor(String unit) {
        return switch (unit.toUpperCase(Locale.ROOT)) {
            case "", "B" -> 1L;
            case "K", "KIB" -> 1L << 10;
            case "M", "MIB" -> 1L << 20;
            case "G", "GIB" -> 1L << 30;
            case "T", "TIB" -> 1L << 40;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            default -> -1L;
        };
    }

    /** The shortest exact form {@link #parse} reads back to the same value, e.g. {@code 16MiB}. */
    static String format(long bytes) {
        if (bytes != 0) {
            for (Unit unit : BINARY) {
                if (bytes % unit.factor() == 0) {
                    return bytes / unit.factor() + unit.name();
                }
            }
        }
        return Long.toString(bytes);
    }
}
