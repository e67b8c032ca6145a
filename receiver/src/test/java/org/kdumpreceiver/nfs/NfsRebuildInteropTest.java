package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
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
import org.kdumpreceiver.cli.Main;
import org.kdumpreceiver.format.Makedumpfile;
import org.kdumpreceiver.format.SyntheticVmcore;

/**
 * A kdump-compressed file written through NFS out of order, with repeated and overwritten ranges, is
 * stored as a write log that rebuilds to the client's bytes exactly: through the CLI's
 * {@code export --rebuild}, and through {@code age -d | zstd -d | makedumpfile -R} on the stored file.
 */
class NfsRebuildInteropTest {
    private static final int CHUNK = 10_000;  // not a multiple of the page size
    @TempDir
    static Path data;
    static byte[] original;

    @BeforeAll
    static void dump() throws Exception {
        Path vmcore = data.resolve("vmcore");
        SyntheticVmcore.small().write(vmcore);
        Path compressed = data.resolve("dump.kdump");
        Makedumpfile.compressed(vmcore, compressed);
        original = Files.readAllBytes(compressed);
    }

    private record Cli(int exit, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(exit, out.toString(), err.toString());
    }

    /** Writes {@code original} (minus [skipFrom, skipTo)) in shuffled chunks with repeats, then renames it. */
    private static Path writeThroughNfs(NfsFixture nfs, long skipFrom, long skipTo) throws Exception {
        try (RpcTestClient client = nfs.client()) {
            byte[] root = client.mnt("/var/crash");
            byte[] dir = client.mkdir(root, "127.0.0.1-2026-11-22-14:00:07");
            byte[] file = client.createExclusive(dir, "vmcore-incomplete", new byte[] {9, 8, 7, 6, 5, 4, 3, 2});
            List<long[]> chunks = new ArrayList<>();
            for (long off = 0; off < original.length; off += CHUNK) {
                long end = Math.min(off + CHUNK, original.length);
                if (end <= skipFrom || off >= skipTo) {
                    chunks.add(new long[] {off, end - off});
                } else {
                    if (off < skipFrom) {
                        chunks.add(new long[] {off, skipFrom - off});
                    }
                    if (end > skipTo) {
                        chunks.add(new long[] {skipTo, end - skipTo});
                    }
                }
            }
            Collections.shuffle(chunks, new Random(11));
            // some ranges sent again later with the same bytes, as a client retransmits
            Random r = new Random(12);
            for (int i = 0; i < 8; i++) {
                chunks.add(r.nextInt(chunks.size()), chunks.get(r.nextInt(chunks.size())));
            }
            // Overwritten ranges: other bytes first (zeros over descriptors and page data, garbage over
            // page data), the real ones later; the last write wins.
            byte[] garbage = new byte[6000];
            new Random(13).nextBytes(garbage);
            RpcTestClient.check(client.write(file, 200_000, garbage, 0, garbage.length), "WRITE");
            RpcTestClient.check(client.write(file, 20_000, new byte[50_000], 0, 50_000), "WRITE");
            for (long[] c : chunks) {
                RpcTestClient.check(client.write(file, c[0], original, (int) c[0], (int) c[1]), "WRITE");
            }
            RpcTestClient.check(client.commit(file), "COMMIT");
            RpcTestClient.check(client.rename(dir, "vmcore-incomplete", "vmcore"), "RENAME");
        }
        return nfs.stored("vmcore.zst.age");
    }

    private static String dumpId(Path stored) {
        Path dumpDir = stored.getParent();
        return dumpDir.getParent().getFileName() + "/" + dumpDir.getFileName();
    }

    @Test
    void outOfOrderAndRepeatedWritesRebuildByteExact(@TempDir Path tmp) throws Exception {
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32")) {
            Path stored = writeThroughNfs(nfs, 0, 0);
            String manifest = nfs.manifest(stored);
            assertTrue(manifest.contains("\"format\" : \"flattened/kdump-compressed\""), manifest);
            assertTrue(manifest.contains("\"verdict\" : \"complete\""), manifest);

            Path out = tmp.resolve("export");
            Cli export = cli("export", "--config", tmp.resolve("config.yaml").toString(), dumpId(stored),
                    "-i", nfs.store.identityFile.toString(), "-o", out.toString(), "--rebuild");
            assertEquals(0, export.exit(), export.err());
            assertTrue(export.out().contains("rebuilt"), export.out());
            assertArrayEquals(original, Files.readAllBytes(out.resolve("vmcore")));

            Path rearranged = tmp.resolve("makedumpfile-R");
            Programs.Result r = Programs.shell(Programs.require("age", "age") + " -d -i '" + nfs.store.identityFile
                    + "' '" + stored + "' | " + Programs.require("zstd", "zstd") + " -d -c | "
                    + Programs.require("makedumpfile", "makedumpfile") + " -R '" + rearranged + "'");
            assertEquals(0, r.exit(), r.stderr());
            assertArrayEquals(original, Files.readAllBytes(rearranged));
        }
    }

    @Test
    void writeLogWithAMissingRangeIsTruncatedAndNotRebuilt(@TempDir Path tmp) throws Exception {
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32")) {
            long mid = original.length / 2;
            Path stored = writeThroughNfs(nfs, mid, mid + 3000);
            String manifest = nfs.manifest(stored);
            assertTrue(manifest.contains("\"verdict\" : \"truncated\""), manifest);
            assertTrue(manifest.contains("\"reason\" : \"unwritten-page-data\""), manifest);

            Path out = tmp.resolve("export");
            Cli export = cli("export", "--config", tmp.resolve("config.yaml").toString(), dumpId(stored),
                    "-i", nfs.store.identityFile.toString(), "-o", out.toString(), "--rebuild");
            assertEquals(1, export.exit(), export.out());
            assertTrue(export.err().contains("refusing to rebuild vmcore: it is truncated (unwritten-page-data)"),
                    export.err());
            assertFalse(Files.exists(out.resolve("vmcore")));
        }
    }
}
