package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.SmallTmpfs;
import org.kdumpreceiver.TestData;

/**
 * A real full file system under the NFS export: a 4 MiB tmpfs (needs root, as ./run-tests runs). WRITEs
 * are answered once queued (UNSTABLE), so the client learns of the full disk on a later WRITE or on
 * COMMIT, with NFS3ERR_NOSPC; what arrived is kept as truncated and an earlier file is untouched.
 */
class NfsFullDiskInteropTest {
    @TempDir
    Path tmp;

    Path mount;

    @BeforeEach
    void mountSmallTmpfs() {
        mount = SmallTmpfs.mount(tmp.resolve("small"));
    }

    @AfterEach
    void unmount() {
        SmallTmpfs.unmount(mount);
    }

    @Test
    void aFullDiskIsReportedAsNoSpaceAndWhatArrivedIsKept() throws Exception {
        byte[] dmesg = TestData.random(100_000, 30);
        byte[] payload = TestData.random(8 << 20, 31);
        try (NfsFixture nfs = new NfsFixture(mount, "127.0.0.1/32"); RpcTestClient client = nfs.client()) {
            byte[] root = client.mnt("/var/crash");
            byte[] dir = client.mkdir(root, "127.0.0.1-202611221400");
            byte[] d = client.createExclusive(dir, "dmesg-incomplete", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            RpcTestClient.check(client.write(d, 0, dmesg, 0, dmesg.length), "WRITE dmesg");
            RpcTestClient.check(client.rename(dir, "dmesg-incomplete", "dmesg"), "RENAME dmesg");
            Path storedDmesg = nfs.stored("dmesg.zst.age");

            byte[] f = client.createExclusive(dir, "dump-incomplete", new byte[] {8, 7, 6, 5, 4, 3, 2, 1});
            int status = 0;
            for (int off = 0; off < payload.length && status == 0; off += 65536) {
                status = client.write(f, off, payload, off, 65536).status;
            }
            if (status == 0) {
                status = client.commit(f).status;
            }
            assertEquals(NfsStatus.NOSPC, status, "the full disk reaches the client as NFS3ERR_NOSPC");
            assertEquals(NfsStatus.ACCES, client.write(f, 0, payload, 0, 16).status, "the file is given up");

            Path stored = nfs.stored("dump-incomplete.zst.age");
            String manifest = nfs.manifest(stored);
            assertTrue(manifest.contains("\"reason\" : \"storage-full\""), manifest);
            // A cut sealed file has no final age chunk: age -d prints every authenticated chunk, then fails.
            Programs.Result partial = nfs.store.openWithAgeCli(stored);
            byte[] kept = partial.stdout();
            assertTrue(kept.length > (1 << 20), "kept only " + kept.length + " bytes");
            // a write log: the flattened header, then a record (offset 0, size) with the client's bytes
            assertEquals("makedumpfile", new String(kept, 0, 12, java.nio.charset.StandardCharsets.US_ASCII));
            assertArrayEquals(java.util.Arrays.copyOf(payload, 65536),
                    java.util.Arrays.copyOfRange(kept, 4096 + 16, 4096 + 16 + 65536));
            Programs.Result earlier = nfs.store.openWithAgeCli(storedDmesg);
            assertArrayEquals(dmesg, earlier.stdout(), "the earlier file is untouched");
        }
    }
}
