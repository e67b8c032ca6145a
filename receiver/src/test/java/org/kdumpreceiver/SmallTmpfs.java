package org.kdumpreceiver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

/** A real, small file system to fill: a 4 MiB tmpfs (mounting needs root, as ./run-tests runs the suite). */
public final class SmallTmpfs {
    private SmallTmpfs() {
    }

    /** Mounts a 4 MiB tmpfs on {@code dir} (created if missing), or fails the test saying why. */
    public static Path mount(Path dir) {
        dir.toFile().mkdirs();
        Programs.Result r = Programs.run(List.of(Programs.require("mount", "mount"), "-t", "tmpfs", "-o", "size=4m",
                "tmpfs", dir.toString()), null);
        assertEquals(0, r.exit(), "cannot mount a tmpfs for the full-disk test (run the suite as root): " + r.stderr());
        return dir;
    }

    public static void unmount(Path dir) {
        Programs.run(List.of(Programs.require("umount", "mount"), dir.toString()), null);
    }
}
