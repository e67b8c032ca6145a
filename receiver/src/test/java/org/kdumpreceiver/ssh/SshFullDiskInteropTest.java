package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.SmallTmpfs;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.StoredFile;

/**
 * A real full file system under the store (a 4 MiB tmpfs; needs root, as ./run-tests runs) reached through
 * real {@code ssh dd} and legacy {@code scp -O}: the client gets an error, what arrived is kept as truncated,
 * and once space is free again the same client can send the same path again: a failed transfer leaves
 * nothing behind that holds the path or its dump.
 */
class SshFullDiskInteropTest {
    private static final String D = "/var/crash/10.0.2.15-202611221400";

    @TempDir
    Path tmp;

    Path mount;
    SshFixture ssh;
    Path filler;

    @BeforeEach
    void start() throws Exception {
        mount = SmallTmpfs.mount(tmp.resolve("rx").resolve("dumps"));
        ssh = new SshFixture(tmp.resolve("rx"), "root@web-17", null);
        // Takes most of the 4 MiB, so the receiver's small SSH state still fits and the dump does not.
        filler = TestData.writeRandom(mount.resolve(".filler"), 3 << 20, 40);
    }

    @AfterEach
    void stop() throws Exception {
        ssh.close();
        SmallTmpfs.unmount(mount);
    }

    @Test
    void ddIntoAFullDiskFailsKeepsThePartAndTheSamePathWorksOnceThereIsRoom() throws Exception {
        Path big = TestData.writeRandom(tmp.resolve("big"), 8 << 20, 41);
        Programs.Result full = ssh.ssh(big, "mkdir -p " + D + " && dd of=" + D + "/dump-incomplete");
        assertNotEquals(0, full.exit(), "a full disk must not look like success");
        assertTrue(full.stderr().contains("storage is full"), full.stderr());
        Manifest m = ssh.manifest(ssh.dumpDir("web-17", D));
        StoredFile part = m.file("dump-incomplete");
        assertEquals("truncated", part.verdict());
        assertEquals("storage-full", part.reason());

        Files.delete(filler);
        Path small = TestData.writeRandom(tmp.resolve("small"), 200_000, 42);
        Programs.Result retry = ssh.ssh(small, "dd of=" + D + "/dump-incomplete");
        assertEquals(0, retry.exit(), "the retry is not refused as busy: " + retry.stderr());
        Manifest after = ssh.manifest(ssh.dumpDir("web-17", D));
        assertEquals(200_000L, after.file("dump-incomplete").bytesIn());
        assertEquals("storage-full", after.file("dump-incomplete.~1~").reason(), "the failed part is kept aside");
        assertEquals(0, ssh.ssh(null, "mv " + D + "/dump-incomplete " + D + "/dump").exit());
        assertArrayEquals(Files.readAllBytes(small), ssh.store.openWithAgeCli(
                ssh.dumpDir("web-17", D).resolve("dump.zst.age")).stdout());
    }

    @Test
    void legacyScpIntoAFullDiskFailsAndTheSamePathWorksOnceThereIsRoom() throws Exception {
        Path big = TestData.writeRandom(tmp.resolve("vmcore"), 8 << 20, 43);
        assertEquals(0, ssh.ssh(null, "mkdir -p " + D).exit());
        Programs.Result full = ssh.scp(true, big.toString(), "receiver:" + D + "/vmcore");
        assertNotEquals(0, full.exit(), "a full disk must not look like success");
        assertTrue(full.stderr().contains("storage is full"), full.stderr());
        assertEquals("storage-full", ssh.manifest(ssh.dumpDir("web-17", D)).file("vmcore").reason());

        Files.delete(filler);
        Path small = TestData.writeRandom(Files.createDirectories(tmp.resolve("small")).resolve("vmcore"), 300_000, 44);
        Programs.Result retry = ssh.scp(true, small.toString(), "receiver:" + D + "/vmcore");
        assertEquals(0, retry.exit(), "the retry is not refused as busy: " + retry.stderr());
        Path dump = ssh.dumpDir("web-17", D);
        assertEquals(300_000L, ssh.manifest(dump).file("vmcore").bytesIn());
        assertArrayEquals(Files.readAllBytes(small), ssh.store.openWithAgeCli(dump.resolve("vmcore.zst.age")).stdout());
    }
}
