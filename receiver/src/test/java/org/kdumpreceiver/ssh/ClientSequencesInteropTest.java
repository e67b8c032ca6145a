package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.format.Makedumpfile;
import org.kdumpreceiver.format.SyntheticVmcore;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.StoredFile;

/**
 * The command sequences of each kdump client (docs/clients.md: "Debian over SSH", "RHEL first-kernel probes",
 * "RHEL over SSH", "kdumpctl test", "SUSE over SSH", "SUSE over SFTP"), sent by the real OpenSSH 9.2
 * ssh and scp, exactly as the clients send them; every stored file must open to the bytes sent.
 */
class ClientSequencesInteropTest {
    @TempDir
    Path tmp;

    SshFixture ssh;
    Path vmcore;
    Path flat;

    @BeforeEach
    void start() throws Exception {
        ssh = new SshFixture(tmp.resolve("rx"), "root@web-17", null);
        vmcore = tmp.resolve("vmcore");
        SyntheticVmcore.small().write(vmcore);
        flat = tmp.resolve("flat");
        Makedumpfile.flattened(vmcore, flat, "-c", "-d", "31");
    }

    @AfterEach
    void stop() throws Exception {
        ssh.close();
    }

    @Test
    void debianKdumpToolsSequence() throws Exception {
        String d = "/var/crash/10.0.2.15-202611221400";
        Path dmesg = Files.write(tmp.resolve("dmesg.ssh.202611221400"), TestData.dmesgText());
        ok(ssh.ssh(null, "mkdir -p " + d));
        ok(ssh.scp(false, dmesg.toString(), "receiver:" + d + "/dmesg.202611221400"));
        ok(ssh.ssh(flat, "dd of=" + d + "/dump-incomplete"));
        ok(ssh.ssh(null, "mv " + d + "/dump-incomplete " + d + "/dump.202611221400"));
        ok(ssh.ssh(null, "mkdir -p " + d));  // a retry of mkdir on an existing directory succeeds

        Path dir = ssh.dumpDir("web-17", d);
        Manifest m = ssh.manifest(dir);
        assertEquals("ssh", m.protocol());
        assertEquals("127.0.0.1", m.clientAddress());
        StoredFile dump = m.file("dump.202611221400");
        assertEquals("flattened/kdump-compressed", dump.format());
        assertEquals("complete", dump.verdict());
        assertEquals("dump-incomplete", dump.renames().get(0).from());
        assertEquals("complete", m.file("dmesg.202611221400").verdict());
        assertArrayEquals(Files.readAllBytes(flat), opened(dir, dump));
        assertArrayEquals(TestData.dmesgText(), opened(dir, m.file("dmesg.202611221400")));
        assertEquals(1, ssh.dumpCount());
    }

    @Test
    void ubuntu2204LegacyScpGzipWrappedAndRawElfFallback() throws Exception {
        String d = "/var/crash/10.0.2.15-202611221401";
        ok(ssh.ssh(null, "mkdir -p " + d));
        Path gz = tmp.resolve("flat.gz");
        Programs.Result gzip = Programs.shell(Programs.require("gzip", "gzip") + " -c '" + flat + "' > '" + gz + "'");
        assertEquals(0, gzip.exit());
        ok(ssh.ssh(gz, "dd of=" + d + "/dump-incomplete.gz"));
        ok(ssh.ssh(null, "mv " + d + "/dump-incomplete.gz " + d + "/dump.202611221401.gz"));
        Path dmesg = Files.write(tmp.resolve("dmesg.x"), TestData.dmesgText());
        ok(ssh.scp(true, dmesg.toString(), "receiver:" + d + "/dmesg.202611221401"));
        // The fallback when the dd leg fails: scp of the raw /proc/vmcore under vmcore-incomplete.
        ok(ssh.scp(false, vmcore.toString(), "receiver:" + d + "/vmcore-incomplete"));
        ok(ssh.ssh(null, "mv " + d + "/vmcore-incomplete " + d + "/vmcore.202611221401"));

        Path dir = ssh.dumpDir("web-17", d);
        Manifest m = ssh.manifest(dir);
        StoredFile gzipped = m.file("dump.202611221401.gz");
        assertEquals("gzip/flattened/kdump-compressed", gzipped.format());
        assertEquals("complete", gzipped.verdict());
        assertArrayEquals(Files.readAllBytes(gz), opened(dir, gzipped));
        StoredFile raw = m.file("vmcore.202611221401");
        assertEquals("elf", raw.format());
        assertEquals("complete", raw.verdict());
        assertArrayEquals(Files.readAllBytes(vmcore), opened(dir, raw));
        assertArrayEquals(TestData.dmesgText(), opened(dir, m.file("dmesg.202611221401")));
    }

    @Test
    void rhelKdumpUtilsSequenceWithProbesAndTestMode() throws Exception {
        // First kernel (kdumpctl / mkdumprd): probes that must not leave dumps behind.
        ok(ssh.ssh(null, "mkdir -p /var/crash"));
        Programs.Result tmpdir = ssh.ssh(null, "mktemp -dqp /var/crash");
        ok(tmpdir);
        String made = tmpdir.out().strip();
        assertTrue(made.matches("/var/crash/tmp\\.[A-Za-z0-9]{10}"), made);
        ok(ssh.ssh(null, "rmdir " + made));
        Programs.Result df = ssh.ssh(null, "df --output=avail /var/crash");
        ok(df);
        String[] lines = df.out().strip().split("\n");
        long kib = Long.parseLong(lines[lines.length - 1].strip());
        long real = Files.getFileStore(ssh.store.root).getUsableSpace() / 1024;
        assertTrue(Math.abs(kib - real) < 1024 * 1024, "df says " + kib + " KiB, the store has " + real);
        assertEquals(0, ssh.dumpCount(), "first-kernel probes made no dump");

        // Capture kernel, kdump-utils HEAD strings (quoted paths, colons in the directory name).
        String d = "/var/crash/192.168.122.10-2026-11-22-15:36:51";
        Path dmesg = Files.write(tmp.resolve("vmcore-dmesg.txt"), TestData.dmesgText());
        ok(ssh.ssh(null, "mkdir -p " + d));
        ok(ssh.ssh(dmesg, "umask 0077 && dd of='" + d + "/vmcore-dmesg-incomplete.txt'"));
        ok(ssh.ssh(null, "mv " + d + "/vmcore-dmesg-incomplete.txt " + d + "/vmcore-dmesg.txt"));
        ok(ssh.ssh(flat, "umask 0077 && dd bs=512 of='" + d + "/vmcore-incomplete'"));
        ok(ssh.ssh(null, "mv '" + d + "/vmcore-incomplete' '" + d + "/vmcore.flat'"));
        Path kexecLog = Files.writeString(tmp.resolve("kexec-dmesg.log"), "capture kernel log\n");
        ok(ssh.scp(false, kexecLog.toString(), "receiver:" + d + "/"));

        Path dir = ssh.dumpDir("web-17", d);
        Manifest m = ssh.manifest(dir);
        assertEquals("complete", m.file("vmcore.flat").verdict());
        assertArrayEquals(Files.readAllBytes(flat), opened(dir, m.file("vmcore.flat")));
        assertArrayEquals(TestData.dmesgText(), opened(dir, m.file("vmcore-dmesg.txt")));
        assertArrayEquals("capture kernel log\n".getBytes(), opened(dir, m.file("kexec-dmesg.log")));

        // kdumpctl test: status written twice with echo, then fetched by the first kernel.
        String t = "/var/crash/kdump-test-1763825000-123456789";
        ok(ssh.ssh(null, "mkdir -p " + t));
        ok(ssh.ssh(null, "echo fail kdump_test_id=1763825000-123456789 > " + t + "/vmcore-creation.status"));
        ok(ssh.ssh(flat, "umask 0077 && dd bs=512 of='" + t + "/vmcore-incomplete'"));
        ok(ssh.ssh(null, "mv '" + t + "/vmcore-incomplete' '" + t + "/vmcore.flat'"));
        ok(ssh.ssh(null, "mkdir -p " + t));
        ok(ssh.ssh(null, "echo success kdump_test_id=1763825000-123456789 > " + t + "/vmcore-creation.status"));
        for (boolean legacy : new boolean[] {false, true}) {
            Path got = Files.createDirectories(tmp.resolve("status-" + legacy));
            ok(ssh.scp(legacy, "receiver:" + t + "/vmcore-creation.status", got.toString()));
            assertEquals("success kdump_test_id=1763825000-123456789\n",
                    Files.readString(got.resolve("vmcore-creation.status")));
        }
        Manifest test = ssh.manifest(ssh.dumpDir("web-17", t));
        assertEquals("fail kdump_test_id=1763825000-123456789\n",
                new String(opened(ssh.dumpDir("web-17", t), test.file("vmcore-creation.status.~1~"))),
                "the first status is kept, not overwritten");
        // A stored dump is never read back.
        Programs.Result denied = ssh.scp(false, "receiver:" + t + "/vmcore.flat", tmp.toString());
        assertEquals(1, denied.exit(), denied.stderr());
        assertEquals(2, ssh.dumpCount());
    }

    @Test
    void suseKdumpSaveCatForm() throws Exception {
        String d = "/srv/dumps/crasher-2026-11-22-15-37";
        Path readme1 = Files.writeString(tmp.resolve("r1"), "will be overwritten\n");
        Path readme2 = Files.writeString(tmp.resolve("r2"), "vmcore status: saved successfully\n");
        Path dmesg = Files.write(tmp.resolve("dmesg"), TestData.dmesgText());
        for (Object[] step : new Object[][] {{"README.txt", readme1}, {"dmesg", dmesg}, {"vmcore", flat},
                {"README.txt", readme2}}) {
            ok(ssh.ssh((Path) step[1], "umask 077; mkdir -p " + d + " && cat > " + d + "/" + step[0]));
        }
        Path dir = ssh.dumpDir("web-17", d);
        Manifest m = ssh.manifest(dir);
        assertEquals("complete", m.file("vmcore").verdict());
        assertArrayEquals(Files.readAllBytes(flat), opened(dir, m.file("vmcore")));
        assertArrayEquals(Files.readAllBytes(readme2), opened(dir, m.file("README.txt")));
        assertArrayEquals(Files.readAllBytes(readme1), opened(dir, m.file("README.txt.~1~")));
    }

    @Test
    void sftpClientAndLftpStyleMkdirWalk() throws Exception {
        Path batch = Files.writeString(tmp.resolve("batch"), "-mkdir /srv\n-mkdir /srv/dumps\n"
                + "mkdir /srv/dumps/h-2026-11-22-15-37\nchmod 700 /srv/dumps/h-2026-11-22-15-37\n"
                + "put " + flat + " /srv/dumps/h-2026-11-22-15-37/vmcore\nls -l /srv/dumps/h-2026-11-22-15-37\n"
                + "rename /srv/dumps/h-2026-11-22-15-37/vmcore /srv/dumps/h-2026-11-22-15-37/vmcore.flat\n");
        Programs.Result r = Programs.run(List.of(Programs.require("sftp", "openssh-client"), "-F",
                ssh.sshConfig.toString(), "-b", batch.toString(), "receiver"), null);
        assertEquals(0, r.exit(), r.out() + r.stderr());
        assertTrue(r.out().contains("vmcore"), r.out());
        Path dir = ssh.dumpDir("web-17", "/srv/dumps/h-2026-11-22-15-37");
        StoredFile f = ssh.manifest(dir).file("vmcore.flat");
        assertEquals("complete", f.verdict());
        assertArrayEquals(Files.readAllBytes(flat), opened(dir, f));
        assertNull(ssh.manifest(dir).file("vmcore"));
    }

    private byte[] opened(Path dir, StoredFile f) {
        Programs.Result r = ssh.store.openWithAgeCli(dir.resolve(f.storedName()));
        assertEquals(0, r.exit(), r.stderr());
        return r.stdout();
    }

    static void ok(Programs.Result r) {
        assertEquals(0, r.exit(), "exit " + r.exit() + "\nstdout: " + r.out() + "\nstderr: " + r.stderr());
    }
}
