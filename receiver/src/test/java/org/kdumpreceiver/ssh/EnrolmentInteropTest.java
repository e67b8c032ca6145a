package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.enrolment.EnrolledKey;
import org.kdumpreceiver.enrolment.EnrolmentTokens;
import org.kdumpreceiver.enrolment.HostRegistry;
import org.kdumpreceiver.ingest.AuthFailure;
import org.kdumpreceiver.ingest.EnrolmentResult;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.store.Manifest;

/**
 * The real ssh-copy-id (OpenSSH 9.2, both its exec and its SFTP mode) enrols a key with a token typed at
 * its password prompt (by sshpass), and a session opened that way can do nothing else.
 */
class EnrolmentInteropTest {
    static final String D = "/var/crash/127.0.0.1-202611221400";

    @TempDir
    Path tmp;

    SshFixture ssh;
    CopyIdClient client;
    EnrolmentTokens tokens;
    HostRegistry registry;

    @BeforeEach
    void start() throws Exception {
        // A window and a ban far longer than any test: none of them may depend on how fast ssh runs.
        // FailureLimiterTest covers their ends with a manual clock.
        ssh = new SshFixture(tmp.resolve("rx"), "root@web-17",
                "enrolment:\n  max_failures: 10\n  failure_window: 1h\n  ban: 1h\n  backoff: 0s\n");
        client = new CopyIdClient(ssh, tmp.resolve("client"));
        tokens = new EnrolmentTokens(ssh.dir.resolve("state"), Clock.systemUTC());
        registry = new HostRegistry(ssh.dir.resolve("state"));
    }

    @AfterEach
    void stop() throws Exception {
        ssh.close();
    }

    String token(Duration ttl, int uses, String cidr, String host) throws Exception {
        return tokens.issue(ttl, uses, cidr, host).secret();
    }

    @Test
    void copyIdWithATokenEnrolsThenTheKeyUploadsUnderItsHostName() throws Exception {
        Path key = CopyIdClient.newKey(tmp, "kdump_id_rsa", "root@web-42");
        String secret = token(Duration.ofHours(1), 1, null, null);
        Programs.Result first = client.copyId(secret, key);
        assertEquals(0, first.exit(), first.out() + first.stderr());
        assertTrue(first.out().contains("Number of key(s) added: 1"), first.out() + first.stderr());
        EnrolledKey enrolled = registry.keys().get(0);
        assertEquals("web-42", enrolled.host());
        assertEquals("127.0.0.1/32", enrolled.from());
        assertEquals("127.0.0.1", enrolled.enrolledFrom());
        assertEquals("token", enrolled.via());
        assertNotNull(enrolled.tokenId());
        assertTrue(ssh.store.events.stream().anyMatch(e -> e instanceof FrontEndEvent.Enrolment n
                && n.result() == EnrolmentResult.ENROLLED && n.host().equals("web-42") && n.clientAddress().equals("127.0.0.1")));

        // Second run: the exit probe succeeds with the key, nothing is asked, the used token is not needed.
        Programs.Result again = client.copyId("not-asked", key);
        assertEquals(0, again.exit(), again.out() + again.stderr());
        assertTrue(again.stderr().contains("All keys were skipped because they already exist"), again.stderr());

        assertEquals(0, client.sshWithKey(key, null, "mkdir -p " + D).exit());
        Path data = Files.write(tmp.resolve("dump"), TestData.random(100_000, 7));
        Programs.Result dd = client.sshWithKey(key, data, "dd of=" + D + "/dump-incomplete");
        assertEquals(0, dd.exit(), dd.stderr());
        Manifest m = ssh.manifest(ssh.dumpDir("web-42", D));
        assertEquals("web-42", m.host());
        assertEquals(100_000, m.file("dump-incomplete").bytesIn());
    }

    @Test
    void sftpModeEnrolsToo() throws Exception {
        Path key = CopyIdClient.newKey(tmp, "kdump_id_rsa", "root@db-3");
        Programs.Result run = client.copyId(token(Duration.ofHours(1), 1, null, null), key, "-s");
        assertEquals(0, run.exit(), run.out() + run.stderr());
        assertTrue(run.out().contains("Number of key(s) added: 1"), run.out() + run.stderr());
        assertEquals("db-3", registry.keys().get(0).host());
        assertEquals(0, client.sshWithKey(key, null, "mkdir -p " + D).exit());
    }

    @Test
    void tokenHostNameOverridesTheComment() throws Exception {
        Path key = CopyIdClient.newKey(tmp, "kdump_id_rsa", "no-host-in-this-comment");
        Programs.Result run = client.copyId(token(Duration.ofHours(1), 1, null, "mail-1"), key);
        assertEquals(0, run.exit(), run.out() + run.stderr());
        assertEquals("mail-1", registry.keys().get(0).host());
    }

    @Test
    void wrongExpiredUsedUpAndOutOfNetworkTokensAreRefused() throws Exception {
        Path key = CopyIdClient.newKey(tmp, "kdump_id_rsa", "root@web-42");
        assertNotEquals(0, client.copyId("wrong-token", key).exit());
        assertAuthFailed(AuthFailure.BAD_PASSWORD);

        // Issued two hours ago for one hour: expired an hour ago, whatever the time the test takes.
        String expired = new EnrolmentTokens(ssh.dir.resolve("state"), Clock.offset(Clock.systemUTC(),
                Duration.ofHours(-2))).issue(Duration.ofHours(1), 1, null, null).secret();
        assertNotEquals(0, client.copyId(expired, key).exit());
        assertAuthFailed(AuthFailure.TOKEN_EXPIRED);

        String outside = token(Duration.ofHours(1), 1, "10.0.0.0/8", null);
        assertNotEquals(0, client.copyId(outside, key).exit());
        assertAuthFailed(AuthFailure.TOKEN_OUTSIDE_CIDR);
        assertTrue(registry.keys().isEmpty());

        String once = token(Duration.ofHours(1), 1, null, null);
        assertEquals(0, client.copyId(once, key).exit());
        Path second = CopyIdClient.newKey(tmp, "second", "root@web-43");
        Programs.Result usedUp = client.copyId(once, second);
        assertNotEquals(0, usedUp.exit(), usedUp.out());
        assertAuthFailed(AuthFailure.TOKEN_USED_UP);
        assertEquals(List.of("web-42"), registry.keys().stream().map(EnrolledKey::host).toList());
    }

    @Test
    void aSecretSessionCanOnlyEnrol() throws Exception {
        String secret = token(Duration.ofHours(1), 1, null, null);
        Programs.Result mkdir = client.sshWithSecret(secret, "mkdir -p " + D);
        assertEquals(126, mkdir.exit(), mkdir.stderr());
        assertTrue(mkdir.stderr().contains("can only enrol a key"), mkdir.stderr());
        Programs.Result dd = client.sshWithSecret(secret, "dd of=" + D + "/dump");
        assertEquals(126, dd.exit(), dd.stderr());
        Programs.Result shell = client.sshWithSecret(secret, "exec sh -c 'cat /etc/passwd'");
        assertEquals(126, shell.exit(), shell.stderr());
        assertEquals(0, client.sshWithSecret(secret, "exit").exit());
        assertEquals(0, ssh.dumpCount());
        assertTrue(ssh.store.events.stream().anyMatch(e -> e instanceof FrontEndEvent.CommandRejected c
                && c.reason() == RejectReason.ENROLMENT_ONLY));
        assertTrue(registry.keys().isEmpty());
    }

    @Test
    void revokedKeyAndKeyBoundElsewhereAreRefused() throws Exception {
        Path key = CopyIdClient.newKey(tmp, "kdump_id_rsa", "root@web-42");
        assertEquals(0, client.copyId(token(Duration.ofHours(1), 1, null, null), key).exit());
        assertEquals(0, client.sshWithKey(key, null, "mkdir -p " + D).exit());
        assertEquals(1, registry.revoke("web-42").size());
        Programs.Result revoked = client.sshWithKey(key, null, "mkdir -p " + D);
        assertEquals(255, revoked.exit(), revoked.stderr());
        assertTrue(revoked.stderr().contains("Permission denied"), revoked.stderr());

        Path other = CopyIdClient.newKey(tmp, "other", "root@web-44");
        var line = org.kdumpreceiver.enrolment.PublicKeyLine.parse(Files.readString(tmp.resolve("other.pub")));
        registry.enrol(new EnrolledKey("web-44", line.line(), line.type(), line.fingerprint(), "10.0.0.0/8",
                Instant.now(), null, null, "cli"), current -> null);
        Programs.Result elsewhere = client.sshWithKey(other, null, "mkdir -p " + D);
        assertEquals(255, elsewhere.exit(), elsewhere.stderr());
        ssh.awaitEvent("AuthFailed from-mismatch", e -> e instanceof FrontEndEvent.AuthFailed a
                && a.reason() == AuthFailure.FROM_MISMATCH);
    }

    @Test
    void bruteForceIsBannedEvenWithTheRightToken() throws Exception {
        Path key = CopyIdClient.newKey(tmp, "kdump_id_rsa", "root@web-42");
        for (int i = 0; i < 10; i++) {
            assertNotEquals(0, client.sshWithSecret("guess-" + i, "exit").exit());
        }
        String secret = token(Duration.ofHours(1), 1, null, null);
        Programs.Result banned = client.copyId(secret, key);
        assertNotEquals(0, banned.exit(), banned.out());
        assertAuthFailed(AuthFailure.BANNED);
        assertTrue(registry.keys().isEmpty());
    }

    private void assertAuthFailed(AuthFailure reason) throws InterruptedException {
        ssh.awaitEvent("AuthFailed " + reason + " from 127.0.0.1", e -> e instanceof FrontEndEvent.AuthFailed a
                && a.reason() == reason && a.clientAddress().equals("127.0.0.1"));
    }
}
