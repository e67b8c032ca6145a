package org.kdumpreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;

/** {@code hosts token|set-password|add|list|revoke} as the operator runs them. */
class HostsCommandInteropTest {
    @TempDir
    Path tmp;

    Path config;

    @BeforeEach
    void config() throws Exception {
        config = Files.writeString(tmp.resolve("config.yaml"), "state_dir: " + tmp.resolve("state") + "\n"
                + "storage:\n  root: " + tmp.resolve("dumps") + "\n  min_free: 0\n");
    }

    @Test
    void tokenIsPrintedOnceAndStoredAsAHash() throws Exception {
        Cli token = Cli.run("hosts", "token", "--config", config.toString(), "--ttl", "30m", "--uses", "3",
                "--cidr", "10.0.0.0/8", "--host", "web-9");
        assertEquals(0, token.exit(), token.toString());
        String secret = token.out().strip();
        assertTrue(secret.matches("[a-z2-9]{26}"), secret);
        assertTrue(token.err().contains("3 uses") && token.err().contains("only from 10.0.0.0/8"), token.err());
        assertFalse(Files.readString(tmp.resolve("state/enrolment-tokens.json")).contains(secret));

        Cli bad = Cli.run("hosts", "token", "--config", config.toString(), "--cidr", "10.0.0.0/40");
        assertEquals(1, bad.exit(), bad.toString());
        Cli badTtl = Cli.run("hosts", "token", "--config", config.toString(), "--ttl", "60");
        assertEquals(1, badTtl.exit(), badTtl.toString());
        assertTrue(badTtl.err().contains("no unit"), badTtl.err());
    }

    @Test
    void setPasswordWarnsWhileDisabled() throws Exception {
        Path file = Files.writeString(tmp.resolve("pw"), "a fleet-wide secret\n");
        Cli set = Cli.run("hosts", "set-password", "--config", config.toString(), "--password-file", file.toString());
        assertEquals(0, set.exit(), set.toString());
        assertTrue(set.err().contains("not accepted until enrolment.password_enabled is true"), set.err());
        assertFalse(Files.readString(tmp.resolve("state/enrolment-password")).contains("fleet"));
    }

    @Test
    void addListRevoke() throws Exception {
        Path key = tmp.resolve("kdump_id_rsa");
        Programs.run(List.of(Programs.require("ssh-keygen", "openssh-client"), "-q", "-t", "ed25519", "-N", "", "-C",
                "root@ignored", "-f", key.toString()), null);
        Cli add = Cli.run("hosts", "add", "--config", config.toString(), "--host", "db-1", "--key", key + ".pub",
                "--from", "10.0.0.0/8,!10.9.9.9");
        assertEquals(0, add.exit(), add.toString());
        assertTrue(add.out().startsWith("enrolled db-1 ssh-ed25519 SHA256:"), add.out());
        Files.createDirectories(tmp.resolve("dumps/db-1/20261122T140000Z"));
        Files.createDirectories(tmp.resolve("dumps/db-1/20261121T090000Z-2"));

        Cli list = Cli.run("hosts", "list", "--config", config.toString());
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().contains("db-1"), list.out());
        assertTrue(list.out().contains("10.0.0.0/8,!10.9.9.9"), list.out());
        assertTrue(list.out().contains("2026-11-22T14:00:00Z"), list.out());
        Cli json = Cli.run("hosts", "list", "--json", "--config", config.toString());
        assertTrue(json.out().contains("\"last_dump\" : \"2026-11-22T14:00:00Z\""), json.out());

        Cli bad = Cli.run("hosts", "add", "--config", config.toString(), "--host", "../x", "--key", key + ".pub");
        assertEquals(1, bad.exit(), bad.toString());
        Cli unknown = Cli.run("hosts", "revoke", "--config", config.toString(), "nobody");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("no enrolled host or key matches 'nobody'"), unknown.err());
        Cli revoke = Cli.run("hosts", "revoke", "--config", config.toString(), "db-1");
        assertEquals(0, revoke.exit(), revoke.toString());
        assertTrue(revoke.out().startsWith("revoked db-1 ssh-ed25519"), revoke.out());
        assertFalse(Cli.run("hosts", "list", "--config", config.toString()).out().contains("db-1"));
    }
}
