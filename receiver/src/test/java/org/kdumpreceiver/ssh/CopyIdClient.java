package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.kdumpreceiver.Programs;

/**
 * The real {@code ssh-copy-id} (and sftp, ssh) as a host runs it against the fixture's receiver, with the
 * secret typed at the password prompt by {@code sshpass}. Only {@code ssh} and {@code sftp} are wrapped, to
 * add {@code -F config} (host key pinned, port of the receiver for the alias {@code receiver}); no BatchMode,
 * since the prompt is the point. HOME is a scratch directory (ssh-copy-id keeps its temporary files there).
 */
final class CopyIdClient {
    final Path bin;
    final Path home;
    final Path config;
    final int port;

    CopyIdClient(SshFixture fixture, Path dir) throws Exception {
        port = fixture.endpoint.port();
        home = Files.createDirectories(dir.resolve("home/.ssh")).getParent();
        bin = Files.createDirectories(dir.resolve("bin"));
        config = Files.writeString(dir.resolve("enrol_ssh_config"), "Host receiver\n  HostName 127.0.0.1\n"
                + "  Port " + port + "\n\nHost *\n  User kdump\n  UserKnownHostsFile " + fixture.dir.resolve("known_hosts")
                + "\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  IdentityAgent none\n"
                + "  NumberOfPasswordPrompts 1\n  ConnectTimeout 20\n");
        for (String tool : List.of("ssh", "sftp")) {
            Path wrapper = bin.resolve(tool);
            Files.writeString(wrapper, "#!/bin/sh\nexec " + Programs.require(tool, "openssh-client") + " -F " + config
                    + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** A new key pair as kdump-config makes one, with the comment naming its host. */
    static Path newKey(Path dir, String name, String comment) {
        Path key = dir.resolve(name);
        Programs.Result gen = Programs.run(List.of(Programs.require("ssh-keygen", "openssh-client"), "-q", "-t", "rsa",
                "-b", "3072", "-N", "", "-C", comment, "-f", key.toString()), null);
        assertEquals(0, gen.exit(), gen.stderr());
        return key;
    }

    /** {@code sshpass -p SECRET COMMAND...} in this client's environment. */
    Programs.Result withSecret(String secret, String... command) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "HOME=" + home, "PATH=" + bin
                + ":/usr/bin:/bin:/usr/sbin:/sbin", Programs.require("sshpass", "sshpass"), "-p", secret));
        cmd.addAll(List.of(command));
        return Programs.run(cmd, null);
    }

    /** {@code ssh-copy-id -i KEY -p PORT kdump@127.0.0.1}, as a sysadmin types it (options before the host). */
    Programs.Result copyId(String secret, Path key, String... options) {
        List<String> cmd = new ArrayList<>(List.of(Programs.require("ssh-copy-id", "openssh-client")));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-i", key.toString(), "-p", Integer.toString(port), "kdump@127.0.0.1"));
        return withSecret(secret, cmd.toArray(String[]::new));
    }

    /** {@code ssh receiver COMMAND} authenticated by password (the secret) only. */
    Programs.Result sshWithSecret(String secret, String command) {
        return withSecret(secret, bin.resolve("ssh").toString(), "-o", "PreferredAuthentications=keyboard-interactive,password",
                "-o", "PubkeyAuthentication=no", "receiver", command);
    }

    /** {@code ssh -i KEY receiver COMMAND}, without any password prompt. */
    Programs.Result sshWithKey(Path key, Path stdin, String command) {
        return Programs.run(List.of(bin.resolve("ssh").toString(), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-i", key.toString(), "receiver", command), stdin);
    }
}
