package org.kdumpreceiver.enrolment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.ingest.AuthFailure;

/** Tokens, the password and the registry as files: hashes only, mode 0600, visible to another reader at once. */
class EnrolmentStateTest {
    @TempDir
    Path tmp;

    @Test
    void tokensAreStoredOnlyAsHashesAndCountedOnUse() throws Exception {
        EnrolmentTokens tokens = new EnrolmentTokens(tmp, Clock.systemUTC());
        EnrolmentTokens.Issued issued = tokens.issue(Duration.ofHours(1), 2, "10.0.0.0/8", "web-1");
        Path file = tmp.resolve(EnrolmentTokens.FILE);
        assertFalse(Files.readString(file).contains(issued.secret()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Token t = tokens.match(issued.secret());
        assertEquals(issued.token().id(), t.id());
        assertNull(tokens.match("x" + issued.secret()));
        assertNull(t.refusal(Instant.now(), "10.1.2.3"));
        assertEquals(AuthFailure.TOKEN_OUTSIDE_CIDR, t.refusal(Instant.now(), "192.168.1.1").reason());
        assertNull(tokens.consume(t.id(), "10.1.2.3"));
        assertNull(tokens.consume(t.id(), "10.1.2.4"));
        Token.Refusal third = tokens.consume(t.id(), "10.1.2.5");
        assertEquals(AuthFailure.TOKEN_USED_UP, third.reason());
        assertTrue(third.message().contains(t.id()), third.message());
        assertEquals(AuthFailure.TOKEN_EXPIRED, t.refusal(Instant.now().plus(Duration.ofHours(2)), "10.1.2.3").reason());
    }

    @Test
    void passwordIsASaltedHash() throws Exception {
        EnrolmentPassword p = new EnrolmentPassword(tmp);
        assertThrows(IllegalArgumentException.class, () -> p.set("short"));
        p.set("a long enough secret");
        assertTrue(p.matches("a long enough secret"));
        assertFalse(p.matches("a long enough secreT"));
        String stored = Files.readString(p.path());
        assertFalse(stored.contains("secret"));
        p.set("a long enough secret");
        assertFalse(stored.equals(Files.readString(p.path())), "a new salt each time");
    }

    @Test
    void registryChangesAreSeenByAnotherInstanceAndRevokeWorksByNameOrFingerprint() throws Exception {
        HostRegistry daemon = new HostRegistry(tmp);
        HostRegistry cli = new HostRegistry(tmp);
        assertTrue(daemon.keys().isEmpty());
        PublicKeyLine a = key("a", "root@web-1");
        PublicKeyLine b = key("b", "root@web-2");
        assertEquals(HostRegistry.Result.ENROLLED, cli.enrol(entry("web-1", a), k -> null));
        assertEquals(HostRegistry.Result.ALREADY_ENROLLED, cli.enrol(entry("web-1", a), k -> null));
        cli.enrol(entry("web-2", b), k -> null);
        assertNotNull(daemon.find(a.fingerprint()));
        assertEquals(1, cli.revoke(b.fingerprint()).size());
        assertNull(daemon.find(b.fingerprint()));
        assertEquals(List.of("web-1"), cli.revoke("web-1").stream().map(EnrolledKey::host).toList());
        assertTrue(daemon.keys().isEmpty());
        assertThrows(HostRegistry.Refused.class, () -> cli.enrol(entry("web-1", a), k -> "no"));
    }

    @Test
    void weakOrForeignKeysAreRefused() throws Exception {
        assertThrows(PublicKeyLine.Refused.class, () -> PublicKeyLine.parse("ssh-dss AAAAB3NzaC1kc3MAAACBAP"));
        assertThrows(PublicKeyLine.Refused.class, () -> PublicKeyLine.parse("ssh-rsa bm90IGEga2V5 root@x"));
        assertThrows(PublicKeyLine.Refused.class, () -> PublicKeyLine.parse("garbage"));
        PublicKeyLine ed = key("ed", "root@x");
        String body = ed.line().split(" ")[1];
        PublicKeyLine.Refused mislabelled = assertThrows(PublicKeyLine.Refused.class,
                () -> PublicKeyLine.parse("ssh-rsa " + body));
        assertTrue(mislabelled.getMessage().contains("ssh-ed25519"), mislabelled.getMessage());
        Path small = tmp.resolve("small");
        Programs.run(List.of(Programs.require("ssh-keygen", "openssh-client"), "-q", "-t", "rsa", "-b", "1024", "-N", "",
                "-f", small.toString()), null);
        PublicKeyLine.Refused weak = assertThrows(PublicKeyLine.Refused.class,
                () -> PublicKeyLine.parse(Files.readString(Path.of(small + ".pub"))));
        assertTrue(weak.getMessage().contains("1024 bits is too small"), weak.getMessage());
    }

    @Test
    void aTokenLimitedToANetworkNoLongerAcceptedIsRefusedNotThrown() {
        // hosts token once took a bare address and bits beyond the prefix; such a token cannot be matched now.
        Token old = new Token("oldtoken", "hash", Instant.now(), Instant.now().plusSeconds(3600), 1, 0, "10.1.2.3",
                null);
        Token.Refusal refusal = old.refusal(Instant.now(), "10.1.2.3");
        assertEquals(AuthFailure.TOKEN_OUTSIDE_CIDR, refusal.reason());
        assertTrue(refusal.message().contains("oldtoken") && refusal.message().contains("10.1.2.3/32"),
                refusal.message());
    }

    private PublicKeyLine key(String name, String comment) throws Exception {
        Path k = tmp.resolve(name);
        Programs.run(List.of(Programs.require("ssh-keygen", "openssh-client"), "-q", "-t", "ed25519", "-N", "", "-C",
                comment, "-f", k.toString()), null);
        return PublicKeyLine.parse(Files.readString(Path.of(k + ".pub")));
    }

    private static EnrolledKey entry(String host, PublicKeyLine k) {
        return new EnrolledKey(host, k.line(), k.type(), k.fingerprint(), "10.0.0.0/8", Instant.now(), null, null, "cli");
    }
}
