package org.kdumpreceiver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The questions the store answers for the rest of the receiver, from its layout alone. */
class DumpStoreTest {
    @TempDir
    Path root;

    @Test
    void theLastDumpOfAHostComesFromItsDirectoryNamesAndIgnoresTheRest() throws Exception {
        DumpStore store = new DumpStore(root, Clock.systemUTC());
        Files.createDirectories(root.resolve("web-17/20261122T140000Z"));
        Files.createDirectories(root.resolve("web-17/20261123T090000Z-1"));  // a clash suffix
        Files.createDirectories(root.resolve("web-17/20261199T000000Z"));  // the pattern, but no such date
        Files.createDirectories(root.resolve("web-17/notes"));
        Files.writeString(root.resolve("web-17/20261130T000000Z"), "a file, not a dump directory");
        Files.createDirectories(root.resolve("web-18/20261101T000000Z"));
        Files.createDirectories(root.resolve("empty-host"));

        assertEquals(Optional.of(Instant.parse("2026-11-23T09:00:00Z")), store.lastDump("web-17"));
        assertEquals(Optional.empty(), store.lastDump("empty-host"));
        assertEquals(Optional.empty(), store.lastDump("no-such-host"));
        assertEquals(Map.of("web-17", Instant.parse("2026-11-23T09:00:00Z"),
                "web-18", Instant.parse("2026-11-01T00:00:00Z")), store.lastDumps());
    }

    @Test
    void aHostHasDumpsOnlyAsADirectoryWithAUsableName() throws Exception {
        DumpStore store = new DumpStore(root, Clock.systemUTC());
        Files.createDirectories(root.resolve("web-17"));
        Files.writeString(root.resolve("web-18"), "not a directory");
        assertTrue(store.hasHost("web-17"));
        assertFalse(store.hasHost("web-18"));
        assertFalse(store.hasHost(".."), "never a path out of the root");
        assertFalse(store.hasHost("-web"));
        assertFalse(store.hasHost(null));
    }

    @Test
    void spaceIsTheFileSystemsAsStatvfsGivesIt() throws Exception {
        DumpStore.Space space = new DumpStore(root, Clock.systemUTC()).space();
        assertTrue(space.total() > 0, space.toString());
        assertTrue(space.free() <= space.total() && space.usable() <= space.free(), space.toString());
        assertEquals(root.toFile().getUsableSpace(), space.usable(), 64L << 20);
    }
}
