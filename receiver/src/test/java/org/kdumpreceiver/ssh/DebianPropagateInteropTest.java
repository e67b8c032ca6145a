package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.enrolment.EnrolledKey;
import org.kdumpreceiver.enrolment.EnrolmentPassword;
import org.kdumpreceiver.enrolment.EnrolmentTokens;
import org.kdumpreceiver.enrolment.HostRegistry;
import org.kdumpreceiver.enrolment.PublicKeyLine;
import org.kdumpreceiver.ingest.AuthFailure;
import org.kdumpreceiver.ingest.FrontEndEvent;

/**
 * Debian 12's own {@code kdump_propagate}, taken unmodified from {@code /usr/sbin/kdump-config} (kdump-tools
 * 1.8.1): it generates the RSA key with ssh-keygen and runs the real ssh-copy-id, whose password prompt
 * sshpass answers with a token (or the standing password). Only ssh and sftp are wrapped (to add -F config,
 * so {@code SSH=kdump@receiver} reaches this test's port).
 */
class DebianPropagateInteropTest {
    @TempDir
    Path tmp;

    SshFixture ssh;
    CopyIdClient client;
    HostRegistry registry;

    @AfterEach
    void stop() throws Exception {
        ssh.close();
    }

    void start(String enrolmentYaml) throws Exception {
        ssh = new SshFixture(tmp.resolve("rx"), "root@web-17", enrolmentYaml);
        client = new CopyIdClient(ssh, tmp.resolve("client"));
        registry = new HostRegistry(ssh.dir.resolve("state"));
    }

    @Test
    void propagateWithATokenEnrolsTheKeyItGenerates() throws Exception {
        start(null);
        String token = new EnrolmentTokens(ssh.dir.resolve("state"), Clock.systemUTC())
                .issue(Duration.ofMinutes(10), 1, "127.0.0.0/8", null).secret();
        Path key = tmp.resolve("root-ssh/kdump_id_rsa");
        Files.createDirectories(key.getParent());
        Programs.Result run = propagate(token, key);
        assertTrue(run.out().contains("Need to generate a new ssh key"), run.out());
        assertTrue(run.out().contains("propagated ssh key " + key + " to server kdump@receiver"), run.out() + run.stderr());
        PublicKeyLine generated = PublicKeyLine.parse(Files.readString(Path.of(key + ".pub")));
        assertEquals("ssh-rsa", generated.type());
        EnrolledKey enrolled = registry.find(generated.fingerprint());
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertEquals(hostname, enrolled.host(), "ssh-keygen's comment is root@" + hostname);
        assertEquals("127.0.0.1/32", enrolled.from());

        // Propagating again (the key exists now) finds it installed and needs no secret.
        Programs.Result again = propagate("not-needed", key);
        assertTrue(again.out().contains("Using existing key"), again.out());
        assertTrue(again.out().contains("propagated ssh key"), again.out() + again.stderr());
        assertEquals(1, registry.keys().size());
    }

    @Test
    void standingPasswordWorksOnlyFromItsNetworks() throws Exception {
        start("enrolment:\n  password_enabled: true\n  password_clients: [10.0.0.0/8]\n  backoff: 0s\n");
        new EnrolmentPassword(ssh.dir.resolve("state")).set("correct horse battery");
        Path key = tmp.resolve("root-ssh/kdump_id_rsa");
        Files.createDirectories(key.getParent());
        // sshpass ends the run when the prompt comes back (its exit 5, "invalid password").
        Programs.Result outside = propagate("correct horse battery", key);
        assertFalse(outside.out().contains("propagated ssh key"), outside.out());
        ssh.awaitEvent("AuthFailed password-outside-cidr", e -> e instanceof FrontEndEvent.AuthFailed a
                && a.reason() == AuthFailure.PASSWORD_OUTSIDE_CIDR);
        assertTrue(registry.keys().isEmpty());
        ssh.close();

        ssh = new SshFixture(tmp.resolve("rx2"), "root@web-17",
                "enrolment:\n  password_enabled: true\n  password_clients: [127.0.0.0/8]\n");
        client = new CopyIdClient(ssh, tmp.resolve("client2"));
        registry = new HostRegistry(ssh.dir.resolve("state"));
        new EnrolmentPassword(ssh.dir.resolve("state")).set("correct horse battery");
        Programs.Result inside = propagate("correct horse battery", key);
        assertTrue(inside.out().contains("propagated ssh key"), inside.out() + inside.stderr());
        assertEquals("password", registry.keys().get(0).via());
        assertFalse(Files.readString(ssh.dir.resolve("state/" + EnrolmentPassword.FILE)).contains("horse"));
    }

    /** kdump_propagate from the installed kdump-config, run under sshpass (ssh reads the prompt from the tty). */
    private Programs.Result propagate(String secret, Path key) throws Exception {
        Path script = Path.of("/usr/sbin/kdump-config");
        assertTrue(Files.isRegularFile(script), "install the Debian package kdump-tools (./run-tests does)");
        StringBuilder function = new StringBuilder();
        boolean in = false;
        for (String line : Files.readAllLines(script)) {
            in |= line.matches("kdump_propagate\\(\\)\\s*\\{?\\s*");
            if (in) {
                function.append(line).append('\n');
                if (line.equals("}")) {
                    break;
                }
            }
        }
        assertTrue(function.length() > 0, "kdump-config has no function kdump_propagate");
        Path driver = Files.writeString(tmp.resolve("propagate.sh"), ". /lib/lsb/init-functions\n"
                + "NAME=kdump-config\n" + function + "SSH=kdump@receiver\nSSH_KEY=" + key + "\n"
                + "kdump_propagate\necho \"propagate returned $?\"\n");
        return client.withSecret(secret, "/bin/sh", driver.toString());
    }
}
