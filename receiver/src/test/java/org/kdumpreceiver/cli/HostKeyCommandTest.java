package org.kdumpreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;

/** Host keys are made once, kept private, and printed in forms ssh-keygen and known_hosts accept. */
class HostKeyCommandTest {
    @TempDir
    Path tmp;

    @Test
    void hostKeysPersistArePrivateAndPrintAsKnownHostsLines() throws Exception {
        Path config = Files.writeString(tmp.resolve("c.yaml"), "state_dir: " + tmp.resolve("state") + "\n"
                + "storage:\n  root: " + tmp.resolve("dumps") + "\n" + "ssh:\n  listen: 127.0.0.1:2222\n");
        Cli first = Cli.run("host-key", "--config", config.toString(), "--name", "dumps.example.org");
        assertEquals(0, first.exit(), first.toString());
        Cli second = Cli.run("host-key", "--config", config.toString(), "--name", "dumps.example.org");
        assertEquals(first.out(), second.out(), "the keys do not change between runs");
        for (String name : List.of("ssh_host_ed25519_key", "ssh_host_rsa_key")) {
            Path key = tmp.resolve("state").resolve(name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), name);
        }
        assertTrue(first.out().contains("# ssh-ed25519 SHA256:"), first.out());
        assertTrue(first.out().contains("# ssh-rsa SHA256:"), first.out());
        Path knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, first.out());
        // ssh-keygen -F finds the receiver under the name and port clients use, for both key types.
        Programs.Result found = Programs.run(List.of(Programs.require("ssh-keygen", "openssh-client"), "-F",
                "[dumps.example.org]:2222", "-f", knownHosts.toString()), null);
        assertEquals(0, found.exit(), found.stderr());
        assertTrue(found.out().contains("ssh-ed25519") && found.out().contains("ssh-rsa"), found.out());
        // The fingerprints printed are the ones ssh-keygen computes from the lines.
        Programs.Result prints = Programs.run(List.of(Programs.require("ssh-keygen", "openssh-client"), "-l", "-f",
                knownHosts.toString()), null);
        for (String line : first.out().split("\n")) {
            if (line.startsWith("# ")) {
                assertTrue(prints.out().contains(line.split(" ")[2]), prints.out() + " lacks " + line);
            }
        }
    }
}
