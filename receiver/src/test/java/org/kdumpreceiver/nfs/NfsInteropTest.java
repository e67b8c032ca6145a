package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.format.FlattenedRebuild;

/** The NFS export against libnfs' nfs-cp / nfs-ls and a small ONC RPC client of our own. */
class NfsInteropTest {
    @TempDir
    static Path data;
    static Path flat;
    static Path compressed;

    @BeforeAll
    static void dumps() throws Exception {
        TestDumps dumps = TestDumps.make(data);
        flat = dumps.flattened();
        compressed = dumps.compressed();
    }

    private static Programs.Result nfs(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Programs.require(args[0], "libnfs-utils"));
        cmd.addAll(List.of(args).subList(1, args.length));
        return Programs.run(cmd, null);
    }

    @Test
    void flattenedStreamPassesThroughAndRenamePublishes(@TempDir Path tmp) throws Exception {
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32"); RpcTestClient client = nfs.client()) {
            Programs.Result cp = nfs("nfs-cp", flat.toString(), nfs.url("/dump-incomplete"));
            assertEquals(0, cp.exit(), cp.stderr());
            byte[] root = client.mnt("/var/crash");
            RpcTestClient.check(client.rename(root, "dump-incomplete", "dump.202611221400"), "RENAME");

            Path stored = nfs.stored("dump.202611221400.zst.age");
            Programs.Result opened = nfs.store.openWithAgeCli(stored);
            assertEquals(0, opened.exit(), opened.stderr());
            assertArrayEquals(Files.readAllBytes(flat), opened.stdout());
            String manifest = nfs.manifest(stored);
            assertTrue(manifest.contains("\"protocol\" : \"nfs\""), manifest);
            assertTrue(manifest.contains("\"verdict\" : \"complete\""), manifest);
            assertTrue(manifest.contains("flattened/kdump-compressed"), manifest);

            Programs.Result ls = nfs("nfs-ls", nfs.url(""));
            assertEquals(0, ls.exit(), ls.stderr());
            assertTrue(ls.out().contains("dump.202611221400"), ls.out());
        }
    }

    @Test
    void kdumpCompressedCopiedByLibnfsIsLoggedAndRebuildsByteExact(@TempDir Path tmp) throws Exception {
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.0/8")) {
            Programs.Result cp = nfs("nfs-cp", compressed.toString(), nfs.url("/vmcore"));
            assertEquals(0, cp.exit(), cp.stderr());
            Path stored = nfs.awaitSealed("vmcore.zst.age");
            assertRebuilds(nfs, stored, compressed, tmp.resolve("rebuilt"));
        }
    }

    @Test
    void randomOrderRepeatedWritesRebuildByteExact(@TempDir Path tmp) throws Exception {
        byte[] original = Files.readAllBytes(compressed);
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32"); RpcTestClient client = nfs.client()) {
            byte[] root = client.mnt("/var/crash/");
            byte[] dir = client.mkdir(root, "127.0.0.1-2026-11-22-14:00:07");
            byte[] verifier = {1, 2, 3, 4, 5, 6, 7, 8};
            byte[] file = client.createExclusive(dir, "vmcore-incomplete", verifier);
            assertArrayEquals(file, client.createExclusive(dir, "vmcore-incomplete", verifier), "retransmitted create");
            List<long[]> chunks = new ArrayList<>();
            for (long off = 0; off < original.length; off += 12288) {
                chunks.add(new long[] {off, Math.min(12288, original.length - off)});
            }
            Collections.shuffle(chunks, new Random(7));
            chunks.addAll(chunks.subList(0, 5));  // repeated writes: last write wins, same bytes
            // garbage first at the page the real data later overwrites
            RpcTestClient.check(client.write(file, 8192, new byte[4096], 0, 4096), "WRITE");
            for (long[] c : chunks) {
                RpcTestClient.Reply w = client.write(file, c[0], original, (int) c[0], (int) c[1]);
                RpcTestClient.check(w, "WRITE");
            }
            RpcTestClient.Reply read = client.read(file, 0, 8);
            RpcTestClient.check(read, "READ");
            RpcTestClient.check(client.commit(file), "COMMIT");
            RpcTestClient.check(client.rename(dir, "vmcore-incomplete", "vmcore"), "RENAME");
            Path stored = nfs.stored("vmcore.zst.age");
            assertRebuilds(nfs, stored, compressed, tmp.resolve("rebuilt"));
            assertTrue(nfs.manifest(stored).contains("\"verdict\" : \"complete\""));

            assertEquals(NfsStatus.ACCES, client.write(file, 0, new byte[16], 0, 16).status, "write to a sealed file");
            assertEquals(NfsStatus.ACCES, client.lookupReply(root, "..").status, "'..' above the export");
        }
    }

    @Test
    void clientOutsideTheAllowedNetworksCannotMount(@TempDir Path tmp) throws Exception {
        try (NfsFixture nfs = new NfsFixture(tmp, "10.0.0.0/8"); RpcTestClient client = nfs.client()) {
            assertEquals(13, client.mountCall(1, out -> Xdr.string(out, "/var/crash")).status);
            Programs.Result ls = nfs("nfs-ls", nfs.url(""));
            assertNotEquals(0, ls.exit());
        }
    }

    private static void assertRebuilds(NfsFixture nfs, Path stored, Path expected, Path out) throws Exception {
        Programs.Result opened = nfs.store.openWithAgeCli(stored);
        assertEquals(0, opened.exit(), opened.stderr());
        FlattenedRebuild.rebuild(new ByteArrayInputStream(opened.stdout()), out);
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(out));
    }
}
