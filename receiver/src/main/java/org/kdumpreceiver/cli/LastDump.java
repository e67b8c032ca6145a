package org.kdumpreceiver.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * When a host's newest dump began, from the names of {@code <root>/<host>/<stamp>[-N]} alone (no manifest
 * is read, nothing is decrypted), so {@code hosts list} stays fast on a large store.
 */
final class LastDump {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private LastDump() {}

    static Instant of(Path root, String host) throws IOException {
        Path dir = root.resolve(host);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        Instant newest = null;
        try (DirectoryStream<Path> dumps = Files.newDirectoryStream(dir)) {
            for (Path d : dumps) {
                String name = d.getFileName().toString();
                int dash = name.indexOf('-');
                try {
                    Instant stamp = Instant.from(STAMP.parse(dash < 0 ? name : name.substring(0, dash)));
                    if (Files.isDirectory(d) && (newest == null || stamp.isAfter(newest))) {
                        newest = stamp;
                    }
                } catch (DateTimeParseException e) {
                    // Not a dump directory (e.g. a part file left by a crash): not a dump.
                }
            }
        }
        return newest;
    }
}
