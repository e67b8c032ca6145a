package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kdumpreceiver.cli.Main;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.enrolment.EnrolledKey;
import org.kdumpreceiver.enrolment.EnrolmentTokens;
import org.kdumpreceiver.enrolment.HostRegistry;
import org.kdumpreceiver.ingest.EventBus;

/**
 * One grammar for where a key may be used from: {@code hosts add --from} accepts exactly the lists a login can
 * match (authorized_keys {@code from=} or the host registry), and what it stores is matched the same way.
 */
class FromRestrictionTest {
    enum Login { ALLOWED, REFUSED, INVALID_LIST }

    @TempDir
    Path tmp;

    PublicKey key;
    String keyLine;
    Path config;

    /** Each row: the pattern list, a client address as the SSH endpoint writes it, what a login from there gets. */
    static List<Arguments> cases() {
        return List.of(
                Arguments.of("10.0.0.0/8", "10.1.2.3", Login.ALLOWED),
                Arguments.of("10.0.0.0/8", "11.1.2.3", Login.REFUSED),
                Arguments.of("10.0.0.0/8,!10.9.9.9", "10.9.9.8", Login.ALLOWED),
                Arguments.of("10.0.0.0/8,!10.9.9.9", "10.9.9.9", Login.REFUSED),
                Arguments.of("10.0.0.0/8, 192.0.2.0/24", "192.0.2.9", Login.ALLOWED),
                Arguments.of("!10.9.9.9", "10.1.1.1", Login.REFUSED),
                Arguments.of("10.1.2.*", "10.1.2.77", Login.ALLOWED),
                Arguments.of("10.1.2.?", "10.1.2.7", Login.ALLOWED),
                Arguments.of("10.1.2.?", "10.1.2.77", Login.REFUSED),
                Arguments.of("*,!10.1.*", "10.1.0.1", Login.REFUSED),
                Arguments.of("*", "2001:db8:0:0:0:0:0:1", Login.ALLOWED),
                Arguments.of("192.0.2.7", "192.0.2.7", Login.ALLOWED),
                Arguments.of("192.0.2.7", "192.0.2.70", Login.REFUSED),
                Arguments.of("0.0.0.0/0", "203.0.113.1", Login.ALLOWED),
                Arguments.of("192.0.2.7/32", "192.0.2.7", Login.ALLOWED),
                Arguments.of("2001:db8::/32", "2001:db8:0:0:0:0:0:1", Login.ALLOWED),
                Arguments.of("2001:db8::/32", "2001:db9:0:0:0:0:0:1", Login.REFUSED),
                Arguments.of("2001:db8::1/128", "2001:db8:0:0:0:0:0:1", Login.ALLOWED),
                // An address is compared as an address, not as text, and wildcards see the RFC 5952 form.
                Arguments.of("2001:db8::1", "2001:db8:0:0:0:0:0:1", Login.ALLOWED),
                Arguments.of("2001:db8::*", "2001:db8:0:0:0:0:0:1", Login.ALLOWED),
                Arguments.of("fe80::/10", "fe80:0:0:0:0:0:0:1%eth0", Login.ALLOWED),
                // IPv4 clients of a dual-stack socket are IPv4; families never match each other.
                Arguments.of("10.0.0.0/8", "::ffff:10.0.0.1", Login.ALLOWED),
                Arguments.of("::ffff:10.0.0.0/104", "10.0.0.1", Login.ALLOWED),
                Arguments.of("::/0", "10.0.0.1", Login.REFUSED),
                Arguments.of("0.0.0.0/0", "2001:db8:0:0:0:0:0:1", Login.REFUSED),
                // Host-name patterns are valid OpenSSH but never resolved here: they match no address.
                Arguments.of("*.example.com", "10.0.0.1", Login.REFUSED),
                Arguments.of("10.0.0.0/33", "10.0.0.1", Login.INVALID_LIST),
                Arguments.of("::1/129", "0:0:0:0:0:0:0:1", Login.INVALID_LIST),
                Arguments.of("10.0.0.1/8", "10.0.0.1", Login.INVALID_LIST),
                Arguments.of("10.0.0.0/x", "10.0.0.1", Login.INVALID_LIST),
                Arguments.of("10.0.0.0/", "10.0.0.1", Login.INVALID_LIST),
                Arguments.of("host/24", "10.0.0.1", Login.INVALID_LIST),
                Arguments.of("10.0.0.0/8,!10.0.0.0/33", "10.0.0.1", Login.INVALID_LIST),
                Arguments.of("10.0.0.0/8,,10.1.0.0/16", "10.0.0.1", Login.INVALID_LIST),
                Arguments.of("10.0.0.0/8,", "10.0.0.1", Login.INVALID_LIST),
                Arguments.of("!", "10.0.0.1", Login.INVALID_LIST),
                Arguments.of("10.0.0.0/8 10.1.0.0/16", "10.0.0.1", Login.INVALID_LIST));
    }

    @BeforeEach
    void keyAndConfig() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        key = generator.generateKeyPair().getPublic();
        keyLine = PublicKeyEntry.toString(key) + " root@db-1";
        config = Files.writeString(tmp.resolve("config.yaml"), "state_dir: " + tmp.resolve("state") + "\n"
                + "storage:\n  root: " + tmp.resolve("dumps") + "\n  min_free: 0\n");
    }

    @ParameterizedTest(name = "from={0} client={1}: {2}")
    @MethodSource("cases")
    void hostsAddAcceptsWhatALoginMatches(String from, String client, Login login) throws Exception {
        Path keyFile = Files.writeString(tmp.resolve("db-1.pub"), keyLine + "\n");
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "hosts", "add",
                "--config", config.toString(), "--host", "db-1", "--key", keyFile.toString(), "--from", from);
        KeyGrants registered = new KeyGrants(new AuthorizedKeys(tmp.resolve("no-authorized-keys")),
                new HostRegistry(tmp.resolve("state")));
        if (login == Login.INVALID_LIST) {
            assertEquals(1, exit, err.toString());
            assertTrue(err.toString().contains("--from"), err.toString());
            assertNull(registered.find(key), "hosts add stored a list it refused");
        } else {
            assertEquals(0, exit, err.toString());
            AuthorizedKeys.Grant grant = registered.find(key);
            assertNotNull(grant);
            assertEquals(login == Login.ALLOWED, grant.allows(client));
        }
    }

    @ParameterizedTest(name = "from={0} client={1}: {2}")
    @MethodSource("cases")
    void aLoginMatchesTheRegistryAndAuthorizedKeysAlike(String from, String client, Login login) throws Exception {
        // The registry as a hand edit or an older release may have left it, bypassing hosts add's check.
        new HostRegistry(Files.createDirectories(tmp.resolve("state"))).enrol(new EnrolledKey("db-1", keyLine,
                "ecdsa-sha2-nistp256", KeyUtils.getFingerPrint(key), from, Instant.now(), null, null, "cli"),
                current -> null);
        KeyGrants registered = new KeyGrants(new AuthorizedKeys(tmp.resolve("no-authorized-keys")),
                new HostRegistry(tmp.resolve("state")));
        AuthorizedKeys authorized = new AuthorizedKeys(Files.writeString(tmp.resolve("authorized_keys"),
                "from=\"" + from + "\" " + keyLine + "\n"));
        for (AuthorizedKeys.Grant grant : new AuthorizedKeys.Grant[] {registered.find(key), authorized.find(key)}) {
            if (login == Login.INVALID_LIST) {
                // Like OpenSSH, a list the key cannot be matched against refuses the key.
                assertNull(grant, "a key with from=\"" + from + "\" was usable");
            } else {
                assertNotNull(grant);
                assertEquals(login == Login.ALLOWED, grant.allows(client), "from=\"" + from + "\" client " + client);
            }
        }
    }

    /** What enrolment stores (the enrolling address widened to the bind prefix) is matched by the same grammar. */
    @Test
    void enrolmentBindingIsMatchedAtLogin() throws Exception {
        HostRegistry registry = new HostRegistry(Files.createDirectories(tmp.resolve("state")));
        KeyGrants grants = new KeyGrants(new AuthorizedKeys(tmp.resolve("no-authorized-keys")), registry);
        ReceiverConfig.Enrolment bind = new ReceiverConfig.Enrolment(false, List.of(), 24, 64, 5,
                Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ZERO);
        KeyEnrolment enrolment = new KeyEnrolment(registry, grants, new EnrolmentTokens(tmp.resolve("state"),
                Clock.systemUTC()), bind, new EventBus(), Clock.systemUTC());
        KeyEnrolment.Outcome outcome = enrolment.enrol(new EnrolmentGrant("password", null, null,
                "2001:db8:0:0:1:0:0:7"), keyLine + "\n");
        assertEquals(0, outcome.status(), outcome.messages().toString());
        AuthorizedKeys.Grant grant = grants.find(key);
        assertEquals("2001:db8::/64", grant.fromText());
        assertTrue(grant.allows("2001:db8:0:0:ffff:0:0:1"));
        assertFalse(grant.allows("2001:db8:0:1:0:0:0:1"));
        assertFalse(grant.allows("10.0.0.1"));
    }
}
