package org.kdumpreceiver.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.ManualClock;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.StoreException;

/** The host view's rules, on a real sealed store, with the receiver's clock moved by hand. */
class HostViewTest {
    private static final String DIR = "/var/crash/10.0.2.15-202611221400";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T14:00:00Z"));
    private SealedStoreFixture store;
    private HostView view;

    @BeforeEach
    void setUp(@TempDir Path tmp) throws Exception {
        store = new SealedStoreFixture(tmp.resolve("dumps"), tmp.resolve("id.txt"), 0, 0, clock);
        view = store.ingest.view(new HostIdentity("web-17"));
    }

    @Test
    void aDirectoryStaysBoundForTheWindowAfterItsLastUseThenTheSweepReleasesIt() throws Exception {
        DumpBinding first = view.bind(DIR, "test", "10.0.2.15");
        write(first, "dmesg.202611221400", "kernel log\n");
        Path reserve = store.root.resolve(first.dumpId()).resolve(".reserve");
        assertTrue(Files.exists(reserve), "an open dump holds its space reserve");

        clock.advance(HostView.DUMP_WINDOW.minusSeconds(1));
        store.ingest.sweepViews();
        assertSame(first, view.bind(DIR, "test", "10.0.2.15"), "within the window the directory keeps its dump");
        assertFalse(first.closed());

        clock.advance(HostView.DUMP_WINDOW);
        store.ingest.sweepViews();
        assertTrue(first.closed(), "idle for the window: released");
        assertFalse(Files.exists(reserve), "and its space reserve with it");
        assertTrue(view.bound(DIR).isEmpty());
        DumpBinding second = view.bind(DIR, "test", "10.0.2.15");
        assertNotEquals(first.dumpId(), second.dumpId(), "a later write there starts a new dump");
        assertThrows(HostRefused.class, () -> first.open("late"), "a released binding takes no files");
    }

    @Test
    void anOpenFileKeepsItsDumpBoundPastTheWindow() throws Exception {
        DumpBinding binding = view.bind(DIR, "test", "10.0.2.15");
        DumpFile open = binding.open("dump-incomplete");
        open.write(new byte[] {1, 2, 3}, 0, 3);
        clock.advance(HostView.DUMP_WINDOW.multipliedBy(3));
        store.ingest.sweepViews();
        assertFalse(binding.closed(), "a file is still being written into it");
        open.abort(VerdictReason.CONNECTION_LOST);
        store.ingest.sweepViews();
        assertFalse(binding.closed(), "the window counts from the file's end");
        clock.advance(HostView.DUMP_WINDOW);
        store.ingest.sweepViews();
        assertTrue(binding.closed());
    }

    @Test
    void aFileThatFailedInTheStoreNoLongerKeepsItsDumpBusy() throws Exception {
        // A 10-byte file limit makes the store refuse the second write, as a full disk would.
        SealedStoreFixture small = new SealedStoreFixture(store.root.resolveSibling("small"),
                store.root.resolveSibling("small-id.txt"), 10, 0, clock);
        DumpBinding binding = small.ingest.view(new HostIdentity("web-17")).bind(DIR, "test", "10.0.2.15");
        DumpFile file = binding.open("dump-incomplete");
        file.write(new byte[8], 0, 8);
        StoreException full = assertThrows(StoreException.class, () -> file.write(new byte[8], 0, 8));
        assertEquals(RejectReason.FILE_TOO_LARGE, full.reason());
        assertTrue(file.ended(), "the store kept what arrived as truncated: the file is over");
        clock.advance(HostView.DUMP_WINDOW);
        small.ingest.sweepViews();
        assertTrue(binding.closed(), "the failed file left nothing open behind");
    }

    @Test
    void anotherHostsDumpDirectoryIsRefusedButOwnNameAndAddressAreNot() throws Exception {
        HostView web18 = store.ingest.view(new HostIdentity("web-18"));
        write(web18.bind("/var/crash/web-18-2026-11-22-14-00", "test", "10.0.2.18"), "dmesg", "x\n");

        HostRefused refused = assertThrows(HostRefused.class,
                () -> view.bind("/var/crash/web-18-2026-11-22-14-00", "test", "10.0.2.15"));
        assertEquals(RejectReason.OTHER_HOST, refused.reason());
        assertTrue(refused.getMessage().contains("web-18"), refused.getMessage());
        // the innermost kdump-looking component decides, wherever it is in the path
        assertThrows(HostRefused.class, () -> view.guardOwnDirectory("/srv/web-18-202611221400/sub", "10.0.2.15"));
        view.guardOwnDirectory("/var/crash/web-17-2026-11-22-14-00", "10.0.2.15");
        view.guardOwnDirectory("/var/crash/10.0.2.15-2026-11-22-14:00:00", "10.0.2.15");
        view.guardOwnDirectory("/var/crash/web-99-202611221400", "10.0.2.15");  // no such host here: free to use
        view.guardOwnDirectory("/var/crash/202611221400", "10.0.2.15");  // Debian's local name has no host
    }

    @Test
    void aFinishedSmallTextFileIsSetAsideWhenWrittenAgainButADumpIsNever() throws Exception {
        DumpBinding binding = view.bind(DIR, "test", "10.0.2.15");
        write(binding, "vmcore-creation.status", "InProgress\n");
        write(binding, "vmcore-creation.status", "Success\n");
        write(binding, "vmcore-creation.status", "Again\n");
        assertNotNull(binding.file("vmcore-creation.status.~1~"));
        assertNotNull(binding.file("vmcore-creation.status.~2~"));
        assertEquals(6L, binding.file("vmcore-creation.status").bytesIn());

        DumpFile big = binding.open("vmcore");
        byte[] data = new byte[(int) HostView.REPLACEABLE_TEXT_BYTES + 1];
        big.write(data, 0, data.length);
        big.complete();
        assertFalse(binding.replaceable("vmcore"));
        assertThrows(StoreException.class, () -> binding.open("vmcore"), "a dump file is never replaced");
        assertNull(binding.file("vmcore.~1~"));
    }

    @Test
    void setAsideRenamesEverySegmentOfTheName() throws Exception {
        DumpBinding binding = view.bind(DIR, "test", "10.0.2.15");
        write(binding, "dump", "a\n");
        write(binding, "dump.overlay", "b\n");
        assertEquals("dump.~1~", binding.setAside("dump", List.of("dump", "dump.overlay")));
        assertNotNull(binding.file("dump.~1~"));
        assertNotNull(binding.file("dump.~1~.overlay"));
        assertNull(binding.file("dump"));
        assertNull(binding.file("dump.overlay"));
    }

    @Test
    void directoriesAndFilesCountAgainstOneCapPerHost() throws Exception {
        view.reserveEntries(HostView.MAX_ENTRIES - 1);
        DumpBinding binding = view.bind(DIR, "test", "10.0.2.15");
        write(binding, "dmesg", "x\n");  // the last entry
        HostRefused refused = assertThrows(HostRefused.class, () -> binding.open("one-too-many"));
        assertEquals(RejectReason.TOO_MANY, refused.reason());
        assertThrows(HostRefused.class, () -> view.reserveEntries(1));
        // another host has a cap of its own
        store.ingest.view(new HostIdentity("web-18")).reserveEntries(1);
        // a released dump gives its files' entries back
        clock.advance(HostView.DUMP_WINDOW);
        store.ingest.sweepViews();
        view.reserveEntries(1);
    }

    @Test
    void oneViewPerHostWhateverTheProtocol() {
        assertSame(view, store.ingest.view(new HostIdentity("web-17")));
        assertNotEquals(view, store.ingest.view(new HostIdentity("web-18")));
    }

    private static void write(DumpBinding binding, String name, String text) throws Exception {
        DumpFile f = binding.open(name);
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        f.write(b, 0, b.length);
        f.complete();
    }
}
