package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.ManualClock;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.ingest.HostView;

/**
 * The dump window over SSH, driven by real ssh with the receiver's clock moved by hand: a client directory
 * keeps its dump while used and for the window after; then the sweep releases the dump (and its space
 * reserve) without waiting for the host to write again, and a later write there starts a new dump.
 */
class DumpWindowInteropTest {
    private static final String D = "/var/crash/10.0.2.15-202611221400";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T14:00:00Z"));

    @TempDir
    Path tmp;

    SshFixture ssh;

    @BeforeEach
    void start() throws Exception {
        ssh = new SshFixture(tmp.resolve("rx"), "root@web-17", null, clock);
    }

    @AfterEach
    void stop() throws Exception {
        ssh.close();
    }

    @Test
    void aDirectoryIsReleasedByTheSweepAfterTheWindowAndAlaterWritesStartANewDump() throws Exception {
        Path data = TestData.writeRandom(tmp.resolve("data"), 10_000, 50);
        assertEquals(0, ssh.ssh(data, "mkdir -p " + D + " && dd of=" + D + "/dmesg.202611221400").exit());
        Path first = ssh.dumpDir("web-17", D);
        assertTrue(Files.exists(first.resolve(".reserve")), "the bound dump holds its space reserve");

        clock.advance(HostView.DUMP_WINDOW.minus(Duration.ofMinutes(1)));
        ssh.store.ingest.sweepViews();
        assertEquals(0, ssh.ssh(data, "dd of=" + D + "/dump-incomplete").exit());
        assertEquals(1, ssh.dumpCount(), "within the window the directory keeps its dump");

        clock.advance(HostView.DUMP_WINDOW);
        ssh.store.ingest.sweepViews();
        assertFalse(Files.exists(first.resolve(".reserve")), "released by the sweep, before any later write");
        assertEquals(1, ssh.ssh(null, "mv " + D + "/dump-incomplete " + D + "/dump").exit(),
                "a released directory shows no files");

        assertEquals(0, ssh.ssh(data, "dd of=" + D + "/dmesg.202611221400").exit());
        assertEquals(2, ssh.dumpCount(), "a write after the window starts a new dump");
    }
}
