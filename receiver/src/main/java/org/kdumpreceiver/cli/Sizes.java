package org.kdumpreceiver.cli;

/** Byte counts for people: 1.5GiB, 312KiB, 17B. */
final class Sizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Sizes() {}

    static String human(Long bytes) {
        if (bytes == null) {
            return "?";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + "B" : String.format("%.1f%s", value, UNITS[unit]);
    }
}
