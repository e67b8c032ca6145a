package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Await;
import org.kdumpreceiver.ManualClock;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.ingest.HostView;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.ManifestCodec;
import org.kdumpreceiver.store.StoredFile;

/**
 * The NFS export's timeouts, over RPC, with the receiver's clock moved by hand (the endpoint's own sweeper
 * does the work, as in the daemon): an {@code *-incomplete} file nobody writes is given up as truncated
 * ({@code idle-timeout}), and once its dump has been idle for the dump window the host view releases it;
 * the directory then shows empty and a new file there starts a new dump.
 */
class NfsTimeoutsTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T14:00:00Z"));

    @Test
    void anAbandonedFileIsGivenUpThenItsDumpIsReleasedAfterTheWindow(@TempDir Path tmp) throws Exception {
        byte[] data = TestData.random(100_000, 60);
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32", clock); RpcTestClient c = nfs.client()) {
            byte[] root = c.mnt("/var/crash");
            byte[] dir = c.mkdir(root, "127.0.0.1-202611221400");
            byte[] f = c.createExclusive(dir, "dump-incomplete", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            RpcTestClient.check(c.write(f, 0, data, 0, data.length), "WRITE");

            clock.advance(NfsEndpoint.ABANDON_IDLE.plusSeconds(1));
            Path stored = nfs.awaitSealed("dump-incomplete.zst.age");
            Path dump = stored.getParent();
            StoredFile given = manifest(dump).file("dump-incomplete");
            assertEquals("truncated", given.verdict());
            assertEquals("idle-timeout", given.reason());
            assertEquals((long) data.length, given.bytesIn());
            assertTrue(Files.exists(dump.resolve(".reserve")), "the window counts from the file's end");

            clock.advance(HostView.DUMP_WINDOW.plusSeconds(1));
            Await.until(Duration.ofSeconds(60), "the idle dump released with its space reserve",
                    () -> !Files.exists(dump.resolve(".reserve")));
            assertEquals(NfsStatus.NOENT, c.lookupReply(dir, "dump-incomplete").status,
                    "a released directory shows empty again");

            byte[] again = c.createExclusive(dir, "dmesg-incomplete", new byte[] {8, 7, 6, 5, 4, 3, 2, 1});
            RpcTestClient.check(c.write(again, 0, data, 0, 1000), "WRITE");
            RpcTestClient.check(c.rename(dir, "dmesg-incomplete", "dmesg"), "RENAME");
            Path second = nfs.awaitSealed("dmesg.zst.age").getParent();
            assertNotEquals(dump, second, "a file after the window starts a new dump");
            assertEquals("/var/crash/127.0.0.1-202611221400", manifest(second).clientPaths().directory());
        }
    }

    private static Manifest manifest(Path dump) throws Exception {
        return ManifestCodec.read(dump.resolve(DumpStore.MANIFEST));
    }
}
