package org.kdumpreceiver.ingest;

import java.time.LocalDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the host and time out of the directory names kdump clients make (docs/clients.md#directory-names):
 * Debian/Ubuntu {@code <ip|host>-YYYYmmddHHMM}, RHEL {@code <ip>-YYYY-MM-DD-HH:MM:SS}, SUSE
 * {@code <host>-YYYY-MM-DD-HH-MM}, and Debian's local {@code YYYYmmddHHMM} (no host part). The time is
 * the client's local time; the caller decides its zone.
 */
public record ClientDirectoryName(String hostPart, LocalDateTime taken) {
    private static final Pattern DEBIAN = Pattern.compile("(?:(.+)-)?(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})");
    private static final Pattern RHEL =
            Pattern.compile("(.+)-(\\d{4})-(\\d{2})-(\\d{2})-(\\d{2}):(\\d{2}):(\\d{2})");
    private static final Pattern SUSE = Pattern.compile("(.+)-(\\d{4})-(\\d{2})-(\\d{2})-(\\d{2})-(\\d{2})");

    public static Optional<ClientDirectoryName> parse(String name) {
        for (Pattern p : new Pattern[] {RHEL, SUSE, DEBIAN}) {
            Matcher m = p.matcher(name);
            if (m.matches()) {
                try {
                    int seconds = m.groupCount() == 7 ? Integer.parseInt(m.group(7)) : 0;
                    LocalDateTime t = LocalDateTime.of(num(m, 2), num(m, 3), num(m, 4), num(m, 5), num(m, 6), seconds);
                    return Optional.of(new ClientDirectoryName(m.group(1), t));
                } catch (java.time.DateTimeException notADate) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
