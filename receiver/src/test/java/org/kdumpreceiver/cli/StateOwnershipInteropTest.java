package org.kdumpreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;

/**
 * Operator commands run as root (as ./run-tests runs) against a state directory that belongs to the service
 * user, as the package's tmpfiles entry makes it: every file they leave there belongs to that user, so the
 * service can still read it and take its lock.
 */
class StateOwnershipInteropTest {
    private static final String SERVICE = "65534";  // nobody:nogroup stands in for kdump-receiver

    @TempDir
    Path tmp;

    @Test
    void filesMadeByRootInTheServicesStateDirectoryBelongToTheService() throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Programs.Result chown = Programs.run(List.of(Programs.require("chown", "coreutils"), SERVICE + ":" + SERVICE,
                state.toString()), null);
        assertEquals(0, chown.exit(), chown.stderr());
        Path config = Files.writeString(tmp.resolve("config.yaml"), "state_dir: " + state + "\n"
                + "storage:\n  root: " + tmp.resolve("dumps") + "\n  min_free: 0\n");
        Programs.Result gen = Programs.run(List.of(Programs.require("ssh-keygen", "openssh-client"), "-q", "-t",
                "ed25519", "-N", "", "-C", "root@db-1", "-f", tmp.resolve("db1").toString()), null);
        assertEquals(0, gen.exit(), gen.stderr());

        for (String[] command : List.of(
                new String[] {"hosts", "token", "--config", config.toString()},
                new String[] {"hosts", "add", "--config", config.toString(), "--host", "db-1", "--key",
                        tmp.resolve("db1.pub").toString()},
                new String[] {"hosts", "token", "--config", config.toString()},  // replaces a file made before
                new String[] {"host-key", "--config", config.toString()})) {
            Cli run = Cli.run(command);
            assertEquals(0, run.exit(), String.join(" ", command) + "\n" + run);
        }

        List<Path> made;
        try (Stream<Path> files = Files.list(state)) {
            made = files.toList();
        }
        assertFalse(made.isEmpty());
        for (Path f : made) {
            PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class);
            assertEquals(List.of(SERVICE, SERVICE), List.of(uid(f), gid(f)), f + " is " + a.owner() + ":" + a.group());
        }
    }

    private static String uid(Path f) throws Exception {
        return Files.getAttribute(f, "unix:uid").toString();
    }

    private static String gid(Path f) throws Exception {
        return Files.getAttribute(f, "unix:gid").toString();
    }
}
