package org.kdumpreceiver.format;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real dumps in ../shared/data, present on the build host only (system property kdump.shared.data). */
final class SharedData {
    private SharedData() {
    }

    /** @return the file, or null where the shared data is absent */
    static Path file(String name) {
        String dir = System.getProperty("kdump.shared.data");
        if (dir == null) {
            return null;
        }
        Path p = Path.of(dir, name);
        return Files.isReadable(p) ? p : null;
    }
}
