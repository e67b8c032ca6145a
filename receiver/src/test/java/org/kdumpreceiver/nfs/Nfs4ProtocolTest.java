package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.dcache.oncrpc4j.rpc.OncRpcAcceptedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.format.FlattenedRebuild;
import org.kdumpreceiver.format.VerdictReason;

/**
 * NFSv4.1 through {@link Nfs4TestClient}, replaying the operation sequence the Linux 6.1 client sends on
 * the kdump path (captured from a real capture kernel, docs/nfs.md), on dumps made by real makedumpfile
 * and checked with real age and makedumpfile -R.
 */
class Nfs4ProtocolTest {
    private static final String DIR = "127.0.0.1-202611221400";
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

    @Test
    void minorVersionsOtherThanOneAreRefusedSoClientsFallBack(@TempDir Path tmp) throws Exception {
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32");
                Nfs4TestClient c = new Nfs4TestClient(nfs.endpoint.port(), "Linux NFSv4.2 test")) {
            for (int minor : new int[] {0, 2}) {
                Nfs4TestClient.Reply r = c.compound(minor, c.ops().putrootfh().getfh());
                assertEquals(Nfs4Status.MINOR_VERS_MISMATCH, r.status(), "minor version " + minor);
                assertEquals(0, r.results().size());
            }
            c.establish();  // and 4.1 on the same connection works
        }
    }

    @Test
    void libnfsVersion4IsNfs40AndIsRefusedWithAClearError(@TempDir Path tmp) throws Exception {
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32")) {
            String url = "nfs://127.0.0.1/var/crash?version=4&nfsport=" + nfs.endpoint.port();
            Programs.Result ls = Programs.run(List.of(Programs.require("nfs-ls", "libnfs-utils"), url), null);
            assertNotEquals(0, ls.exit(), ls.out());
            assertTrue(ls.stderr().contains("MINOR_VERS_MISMATCH") || ls.stderr().contains("10021")
                    || ls.stderr().toLowerCase().contains("minor"), ls.stderr());
        }
    }

    @Test
    void linuxWritePathFlattenedDumpAndDmesgAreSealed(@TempDir Path tmp) throws Exception {
        byte[] dump = Files.readAllBytes(flat);
        byte[] dmesg = "[ 51.05] sysrq: Trigger a crash\nKernel panic - not syncing: sysrq triggered crash\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32");
                Nfs4TestClient c = new Nfs4TestClient(nfs.endpoint.port(), "Linux NFSv4.1 kdump-guest")) {
            c.establish();
            Nfs4TestClient.Reply sec = c.compound(c.ops().sequence().putrootfh().op(Nfs4Program.SECINFO_NO_NAME,
                    out -> out.xdrEncodeInt(0)));
            Nfs4TestClient.check(sec, "SECINFO_NO_NAME");
            assertArrayEquals(new int[] {1}, (int[]) sec.last().value(), "AUTH_SYS only");
            byte[] root = c.walk("/var/crash");
            Nfs4TestClient.Reply attrs = c.compound(c.ops().sequence().putfh(root).getattr(Nfs4Attrs.SUPPORTED_ATTRS,
                    Nfs4Attrs.TYPE, Nfs4Attrs.LEASE_TIME, Nfs4Attrs.MAXWRITE, Nfs4Attrs.SPACE_AVAIL,
                    Nfs4Attrs.SUPPATTR_EXCLCREAT));
            Nfs4TestClient.check(attrs, "GETATTR");

            Nfs4TestClient.Reply mk = c.compound(c.ops().sequence().putfh(root).mkdir(DIR).getfh());
            Nfs4TestClient.check(mk, "CREATE");
            byte[] dir = (byte[]) mk.last().value();

            // dmesg: exclusive create, FILE_SYNC-sized single write, CLOSE seals it (final name)
            byte[] verifier = {9, 8, 7, 6, 5, 4, 3, 2};
            Nfs4TestClient.Reply open = c.compound(c.ops().sequence().putfh(dir)
                    .openCreate("dmesg.202611221400", verifier).getfh());
            Nfs4TestClient.check(open, "OPEN dmesg");
            Nfs4TestClient.Stateid sid = (Nfs4TestClient.Stateid) open.of(Nfs4Program.OPEN).value();
            byte[] dmesgFh = (byte[]) open.last().value();
            Nfs4TestClient.Reply again = c.compound(c.ops().sequence().putfh(dir)
                    .openCreate("dmesg.202611221400", verifier).getfh());
            Nfs4TestClient.check(again, "retransmitted exclusive OPEN");
            assertArrayEquals(dmesgFh, (byte[]) again.last().value());
            Nfs4TestClient.Stateid sid2 = (Nfs4TestClient.Stateid) again.of(Nfs4Program.OPEN).value();
            Nfs4TestClient.Reply w = c.compound(c.ops().sequence().putfh(dmesgFh).write(sid, 0, dmesg, 0,
                    dmesg.length));
            Nfs4TestClient.check(w, "WRITE");
            Object[] written = (Object[]) w.last().value();
            assertEquals(dmesg.length, written[0]);
            assertEquals(0, written[1], "answered UNSTABLE: the COMMIT verifier is the promise");
            Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(dmesgFh).commit()), "COMMIT");
            Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(dmesgFh).close(sid2)), "CLOSE");
            Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(dmesgFh).close(sid)), "CLOSE");
            Path storedDmesg = nfs.stored("dmesg.202611221400.zst.age");
            Programs.Result opened = nfs.store.openWithAgeCli(storedDmesg);
            assertEquals(0, opened.exit(), opened.stderr());
            assertArrayEquals(dmesg, opened.stdout());

            // dump-incomplete: unchecked create, 1 MiB writes, COMMIT, CLOSE, RENAME publishes
            Nfs4TestClient.Reply o2 = c.compound(c.ops().sequence().putfh(dir).openCreate("dump-incomplete", null)
                    .getfh());
            Nfs4TestClient.check(o2, "OPEN dump-incomplete");
            Nfs4TestClient.Stateid dsid = (Nfs4TestClient.Stateid) o2.of(Nfs4Program.OPEN).value();
            byte[] dumpFh = (byte[]) o2.last().value();
            for (int off = 0; off < dump.length; off += 1 << 20) {
                int len = Math.min(1 << 20, dump.length - off);
                Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(dumpFh).write(dsid, off, dump, off, len)),
                        "WRITE");
            }
            Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(dumpFh).commit()), "COMMIT");
            Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(dumpFh).close(dsid)), "CLOSE");
            Nfs4TestClient.Reply ren = c.compound(c.ops().sequence().putfh(dir).savefh().putfh(dir)
                    .rename("dump-incomplete", "dump.202611221400"));
            Nfs4TestClient.check(ren, "RENAME");
            Path stored = nfs.stored("dump.202611221400.zst.age");
            Programs.Result dumpOpened = nfs.store.openWithAgeCli(stored);
            assertEquals(0, dumpOpened.exit(), dumpOpened.stderr());
            assertArrayEquals(dump, dumpOpened.stdout());
            String manifest = nfs.manifest(stored);
            assertTrue(manifest.contains("\"verdict\" : \"complete\""), manifest);
            assertTrue(manifest.contains("flattened/kdump-compressed"), manifest);

            Nfs4TestClient.Reply list = c.compound(c.ops().sequence().putfh(dir).readdir());
            Nfs4TestClient.check(list, "READDIR");
            assertEquals(List.of("dmesg.202611221400", "dump.202611221400"), list.last().value());

            // a sealed file cannot be opened or written again
            Nfs4TestClient.Reply reopen = c.compound(c.ops().sequence().putfh(dir)
                    .openExisting("dump.202611221400", 3));
            assertEquals(Nfs4Status.ACCESS, reopen.status());
            assertEquals(Nfs4Status.BAD_STATEID, c.compound(c.ops().sequence().putfh(dumpFh)
                    .write(dsid, 0, dump, 0, 16)).status(), "stateid closed");
            assertEquals(Nfs4Status.ACCESS, c.compound(c.ops().sequence().putfh(dumpFh)
                    .write(new Nfs4TestClient.Stateid(0, new byte[12]), 0, dump, 0, 16)).status(), "sealed file");
            Nfs4TestClient.check(c.compound(c.ops().op(Nfs4Program.DESTROY_SESSION,
                    out -> out.xdrEncodeOpaque(c.sessionId, 16))), "DESTROY_SESSION");
            Nfs4TestClient.check(c.compound(c.ops().op(Nfs4Program.DESTROY_CLIENTID,
                    out -> out.xdrEncodeLong(c.clientId))), "DESTROY_CLIENTID");
        }
    }

    @Test
    void randomOrderRepeatedWritesOfAKdumpCompressedFileRebuildByteExact(@TempDir Path tmp) throws Exception {
        byte[] original = Files.readAllBytes(compressed);
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32");
                Nfs4TestClient c = new Nfs4TestClient(nfs.endpoint.port(), "Linux NFSv4.1 rhel")) {
            c.establish();
            byte[] root = c.walk("/var/crash");
            Nfs4TestClient.Reply mk = c.compound(c.ops().sequence().putfh(root).mkdir("127.0.0.1-2026-11-22-14:00:07")
                    .getfh());
            Nfs4TestClient.check(mk, "CREATE");
            byte[] dir = (byte[]) mk.last().value();
            Nfs4TestClient.Reply open = c.compound(c.ops().sequence().putfh(dir)
                    .openCreate("vmcore-incomplete", new byte[] {1, 1, 1, 1, 2, 2, 2, 2}).getfh());
            Nfs4TestClient.check(open, "OPEN");
            Nfs4TestClient.Stateid sid = (Nfs4TestClient.Stateid) open.of(Nfs4Program.OPEN).value();
            byte[] fh = (byte[]) open.last().value();
            List<long[]> chunks = new ArrayList<>();
            for (long off = 0; off < original.length; off += 12288) {
                chunks.add(new long[] {off, Math.min(12288, original.length - off)});
            }
            Collections.shuffle(chunks, new Random(11));
            chunks.addAll(chunks.subList(0, 5));
            Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(fh).write(sid, 8192, new byte[4096], 0, 4096)),
                    "WRITE");
            for (long[] ch : chunks) {
                Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(fh).write(sid, ch[0], original, (int) ch[0],
                        (int) ch[1])), "WRITE");
            }
            // the client reads back what it wrote last (from the cache of recent pages)
            long[] lastChunk = chunks.get(chunks.size() - 1);
            Nfs4TestClient.Reply read = c.compound(c.ops().sequence().putfh(fh).read(sid, lastChunk[0], 8));
            Nfs4TestClient.check(read, "READ");
            assertArrayEquals(java.util.Arrays.copyOfRange(original, (int) lastChunk[0], (int) lastChunk[0] + 8),
                    (byte[]) ((Object[]) read.last().value())[1]);
            Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(fh).commit().close(sid)), "COMMIT+CLOSE");
            assertEquals(0, countSealed(nfs, "vmcore"), "a *-incomplete file is not sealed by CLOSE");
            Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(dir).savefh().putfh(dir)
                    .rename("vmcore-incomplete", "vmcore")), "RENAME");
            Path stored = nfs.stored("vmcore.zst.age");
            Programs.Result opened = nfs.store.openWithAgeCli(stored);
            assertEquals(0, opened.exit(), opened.stderr());
            Path rebuilt = tmp.resolve("rebuilt");
            FlattenedRebuild.rebuild(new ByteArrayInputStream(opened.stdout()), rebuilt);
            assertArrayEquals(original, Files.readAllBytes(rebuilt));
            assertTrue(nfs.manifest(stored).contains("\"verdict\" : \"complete\""));
        }
    }

    @Test
    void createModesTruncationRemoveAndSetattr(@TempDir Path tmp) throws Exception {
        byte[] status = "status: saving\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] done = "status: done\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32");
                Nfs4TestClient c = new Nfs4TestClient(nfs.endpoint.port(), "Linux NFSv4.1 modes")) {
            c.establish();
            byte[] root = c.walk("/var/crash");
            Nfs4TestClient.Reply mk = c.compound(c.ops().sequence().putfh(root).mkdir(DIR).getfh());
            Nfs4TestClient.check(mk, "CREATE");
            byte[] dir = (byte[]) mk.last().value();
            // a text status file, written, closed (sealed), then rewritten with O_TRUNC: the old one is kept
            for (byte[] text : new byte[][] {status, done}) {
                Nfs4TestClient.Reply o = c.compound(c.ops().sequence().putfh(dir).openCreate("status", 0, true)
                        .getfh());
                Nfs4TestClient.check(o, "OPEN status");
                Nfs4TestClient.Stateid sid = (Nfs4TestClient.Stateid) o.of(Nfs4Program.OPEN).value();
                byte[] fh = (byte[]) o.last().value();
                Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(fh).setattrMode(0640)
                        .write(sid, 0, text, 0, text.length).close(sid)), "SETATTR+WRITE+CLOSE");
            }
            Programs.Result latest = nfs.store.openWithAgeCli(nfs.stored("status.zst.age"));
            assertArrayEquals(done, latest.stdout());
            Programs.Result earlier = nfs.store.openWithAgeCli(nfs.stored("status.~1~.zst.age"));
            assertArrayEquals(status, earlier.stdout());
            // GUARDED4 on an existing name: EXIST
            assertEquals(Nfs4Status.EXIST, c.compound(c.ops().sequence().putfh(dir).openCreate("status", 1, false))
                    .status());
            // REMOVE: the client's own unfinished file goes (kept aside as truncated); a sealed one stays
            Nfs4TestClient.Reply o = c.compound(c.ops().sequence().putfh(dir).openCreate("vmcore-incomplete", 1,
                    false).getfh());
            Nfs4TestClient.check(o, "OPEN vmcore-incomplete");
            Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(dir).remove("vmcore-incomplete")), "REMOVE");
            assertTrue(nfs.manifest(nfs.stored("vmcore-incomplete.~1~.zst.age")).contains("removed-by-client"));
            assertEquals(Nfs4Status.ACCESS, c.compound(c.ops().sequence().putfh(dir).remove("status")).status(),
                    "a sealed file is never removed");
            Nfs4TestClient.Reply list = c.compound(c.ops().sequence().putfh(dir).readdir());
            Nfs4TestClient.check(list, "READDIR");
            assertEquals(List.of("status"), list.last().value());
        }
    }

    private static long countSealed(NfsFixture nfs, String name) throws Exception {
        try (var s = Files.walk(nfs.store.root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(name + ".zst.age")).count();
        }
    }

    @Test
    void retransmittedRequestsGetTheCachedReplyAndAreNotRunTwice(@TempDir Path tmp) throws Exception {
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32");
                Nfs4TestClient c = new Nfs4TestClient(nfs.endpoint.port(), "Linux NFSv4.1 retry")) {
            c.establish();
            byte[] root = c.walk("/var/crash");
            Nfs4TestClient.Ops mkdir = c.ops().sequence().putfh(root).mkdir(DIR).getfh();
            Nfs4TestClient.Reply first = c.compound(mkdir);
            Nfs4TestClient.check(first, "CREATE");
            Nfs4TestClient.Reply replay = c.compound(mkdir);  // same slot, same sequence id
            assertEquals(0, replay.status(), "a second CREATE would be EXIST; the cached reply is OK");
            assertArrayEquals((byte[]) first.last().value(), (byte[]) replay.last().value());
            // a READ the client did not ask to cache is not kept: its retransmission is told so
            byte[] dir = (byte[]) first.last().value();
            Nfs4TestClient.Reply open = c.compound(c.ops().sequence().putfh(dir).openCreate("dmesg", null).getfh());
            Nfs4TestClient.check(open, "OPEN");
            Nfs4TestClient.Stateid sid = (Nfs4TestClient.Stateid) open.of(Nfs4Program.OPEN).value();
            byte[] fh = (byte[]) open.last().value();
            Nfs4TestClient.check(c.compound(c.ops().sequence(false).putfh(fh).write(sid, 0, new byte[100], 0, 100)),
                    "WRITE");
            Nfs4TestClient.Ops read = c.ops().sequence(false).putfh(fh).read(sid, 0, 100);
            Nfs4TestClient.check(c.compound(read), "READ");
            assertEquals(Nfs4Status.RETRY_UNCACHED_REP, c.compound(read).status());
            int next = c.slotSequence;
            c.slotSequence += 5;
            assertEquals(Nfs4Status.SEQ_MISORDERED, c.compound(c.ops().sequence().putrootfh()).status());
            c.slotSequence = next;
            Nfs4TestClient.check(c.compound(c.ops().sequence().putrootfh()), "next in sequence");
        }
    }

    @Test
    void badInputGetsTheRightErrorAndTheServerGoesOn(@TempDir Path tmp) throws Exception {
        try (NfsFixture nfs = new NfsFixture(tmp, "127.0.0.1/32");
                Nfs4TestClient c = new Nfs4TestClient(nfs.endpoint.port(), "Linux NFSv4.1 bad")) {
            assertEquals(Nfs4Status.OP_NOT_IN_SESSION, c.compound(c.ops().putrootfh()).status());
            c.establish();
            byte[] root = c.walk("/var/crash");
            assertEquals(Nfs4Status.BADNAME, c.compound(c.ops().sequence().putfh(root).lookup("..")).status(),
                    "'..' is not a name in NFSv4");
            assertEquals(Nfs4Status.NOENT, c.compound(c.ops().sequence().putrootfh().lookupp()).status(),
                    "nothing above /");
            assertEquals(Nfs4Status.NOENT, c.compound(c.ops().sequence().putrootfh().lookup("etc")).status(),
                    "only the export path is visible");
            Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(root).lookupp().lookupp().lookup("var")
                    .lookup("crash")), "LOOKUPP through the pseudo directories");
            assertEquals(Nfs4Status.ACCESS, c.compound(c.ops().sequence().putrootfh().mkdir("x")).status(),
                    "the pseudo directories are read-only");
            byte[] tampered = root.clone();
            tampered[tampered.length - 1] ^= 0x55;
            assertEquals(Nfs4Status.STALE, c.compound(c.ops().sequence().putfh(tampered)).status());
            assertEquals(Nfs4Status.BADHANDLE, c.compound(c.ops().sequence().putfh(new byte[7])).status());
            assertEquals(Nfs4Status.NOFILEHANDLE, c.compound(c.ops().sequence().getfh()).status());
            Nfs4TestClient.Reply illegal = c.compound(c.ops().sequence().op(99, out -> { }));
            assertEquals(Nfs4Status.OP_ILLEGAL, illegal.status());
            assertEquals(Nfs4Program.ILLEGAL, illegal.last().op());
            assertEquals(Nfs4Status.NOTSUPP, c.compound(c.ops().sequence().putfh(root)
                    .op(12, out -> { })).status(), "LOCK is not served");
            assertEquals(Nfs4Status.BADSESSION, c.compound(c.ops().op(Nfs4Program.SEQUENCE, out -> {
                out.xdrEncodeOpaque(new byte[16], 16);
                out.xdrEncodeInt(1);
                out.xdrEncodeInt(0);
                out.xdrEncodeInt(0);
                out.xdrEncodeBoolean(false);
            })).status());
            // a huge name length inside an operation: BADXDR for that operation
            Nfs4TestClient.Reply huge = c.compound(c.ops().sequence().putfh(root).op(Nfs4Program.LOOKUP,
                    out -> out.xdrEncodeInt(0x7fffffff)));
            assertEquals(Nfs4Status.BADXDR, huge.status());
            // a truncated compound header: GARBAGE_ARGS
            assertThrows(OncRpcAcceptedException.class, () -> c.raw(out -> out.xdrEncodeInt(5000)));
            assertEquals(Nfs4Status.TOO_MANY_OPS, c.raw(out -> {
                out.xdrEncodeDynamicOpaque(new byte[0]);
                out.xdrEncodeInt(1);
                out.xdrEncodeInt(1_000_000);
            }).status());
            // and the session still works
            Nfs4TestClient.check(c.compound(c.ops().sequence().putfh(root).mkdir(DIR)), "CREATE after garbage");
        }
    }

    @Test
    void anotherHostsHandlesAndSessionsAreNotUsable(@TempDir Path tmp) throws Exception {
        org.kdumpreceiver.ingest.SealedStoreFixture store = new org.kdumpreceiver.ingest.SealedStoreFixture(tmp);
        Exports exports = NfsFixture.exports(store);
        org.kdumpreceiver.store.HostIdentity web17 = new org.kdumpreceiver.store.HostIdentity("web-17");
        org.kdumpreceiver.store.HostIdentity web18 = new org.kdumpreceiver.store.HostIdentity("web-18");
        List<Nfs4State.Session> ended = new ArrayList<>();
        Nfs4State state = new Nfs4State(exports.boot(), java.time.Duration.ofMinutes(5), ended::add);
        java.time.Instant now = java.time.Instant.now();
        Nfs4State.Client a = state.exchange(web17, "10.0.2.17", new byte[] {1}, new byte[8], false, now).client();
        Nfs4State.Session s = state.createSession(a, 4, 8, now);
        assertEquals(NfsError.STALE_CLIENTID, assertThrows(NfsRefused.class,
                () -> state.client(a.id, web18)).error());
        assertEquals(NfsError.BADSESSION, assertThrows(NfsRefused.class,
                () -> state.session(s.id, web18)).error());
        // the same owner id from another host is another client
        Nfs4State.Client b = state.exchange(web18, "10.0.2.18", new byte[] {1}, new byte[8], false, now).client();
        assertNotEquals(a.id, b.id);
        assertEquals(s, state.session(s.id, web17));
        // a client that went silent for longer than the expiry is dropped with its sessions
        assertEquals(2, state.expire(now.plus(java.time.Duration.ofMinutes(6))).size());
        assertEquals(List.of(s), ended, "the dropped session is reported (sessions gauge)");
        assertEquals(NfsError.BADSESSION, assertThrows(NfsRefused.class,
                () -> state.session(s.id, web17)).error());
        exports.closeAll(VerdictReason.RECEIVER_STOPPED);
    }

    @Test
    void sessionsAndHandlesDoNotSurviveARestart(@TempDir Path tmp) throws Exception {
        byte[] root;
        byte[] session;
        int port;
        try (NfsFixture nfs = new NfsFixture(tmp.resolve("a"), "127.0.0.1/32");
                Nfs4TestClient c = new Nfs4TestClient(nfs.endpoint.port(), "Linux NFSv4.1 restart")) {
            c.establish();
            root = c.walk("/var/crash");
            session = c.sessionId;
            port = nfs.endpoint.port();
        }
        try (NfsFixture nfs = new NfsFixture(tmp.resolve("b"), "127.0.0.1/32");
                Nfs4TestClient c = new Nfs4TestClient(nfs.endpoint.port(), "Linux NFSv4.1 restart")) {
            c.sessionId = session;
            assertEquals(Nfs4Status.BADSESSION, c.compound(c.ops().sequence().putrootfh()).status());
            c.establish();
            assertEquals(Nfs4Status.STALE, c.compound(c.ops().sequence().putfh(root)).status());
            assertTrue(port > 0);
        }
    }
}
