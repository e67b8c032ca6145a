package org.kdumpreceiver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kdumpreceiver.config.TestSupport.RECIPIENT;
import static org.kdumpreceiver.config.TestSupport.RECIPIENTS;
import static org.kdumpreceiver.config.TestSupport.assertError;
import static org.kdumpreceiver.config.TestSupport.failure;
import static org.kdumpreceiver.config.TestSupport.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path tmp;

    private String file() {
        return tmp.resolve("config.yaml").toString();
    }

    @Test
    void embeddedDefaultHasDocumentedValues() throws Exception {
        ReceiverConfig c = ConfigLoader.embeddedDefault(RECIPIENTS);
        assertEquals("embedded default", c.source());
        assertEquals(Path.of("./var/state"), c.stateDir());
        assertEquals(Path.of("./var/dumps"), c.storage().root());
        assertEquals(1L << 30, c.storage().minFreeBytes());
        assertEquals(List.of(), c.encryption().recipients());
        assertEquals(3, c.compression().level());
        assertEquals(new HostPort("127.0.0.1", 2222), c.ssh().listen());
        assertEquals(Path.of("./var/state/authorized_keys"), c.ssh().authorizedKeys());
        assertFalse(c.nfs().enabled());
        assertEquals(new HostPort("127.0.0.1", 2049), c.nfs().listen());
        assertEquals("/var/crash", c.nfs().export());
        assertEquals(List.of("127.0.0.1/32"), c.nfs().clients());
        assertEquals(new HostPort("127.0.0.1", 9465), c.metrics().listen());
        ReceiverConfig.Limits l = c.limits();
        assertEquals(64, l.maxSessions());
        assertEquals(4, l.maxSessionsPerAddress());
        assertEquals(6, l.maxAuthAttempts());
        assertEquals(Duration.ofMinutes(10), l.idleTimeout());
        assertEquals(0, l.maxFileBytes());
        assertEquals(16L << 20, l.bufferBytesPerFile());
    }

    @Test
    void emptyFileGivesAllDefaults() throws Exception {
        ReceiverConfig c = load(tmp, "");
        assertEquals(ConfigLoader.embeddedDefault(RECIPIENTS).withSource(file()), c);
        assertEquals(file(), c.source());
    }

    @Test
    void commentOnlyFileAndEmptySectionsGiveDefaults() throws Exception {
        ReceiverConfig c = load(tmp, "# nothing yet\nstorage:\nlimits:\n  idle_timeout:\n");
        assertEquals(ConfigLoader.embeddedDefault(RECIPIENTS).withSource(file()), c);
    }

    @Test
    void overridingOneKeyKeepsEveryOtherDefault() throws Exception {
        ReceiverConfig c = load(tmp, "limits:\n  max_sessions: 8\n");
        ReceiverConfig d = ConfigLoader.embeddedDefault(RECIPIENTS);
        assertEquals(8, c.limits().maxSessions());
        assertEquals(d.limits().maxSessionsPerAddress(), c.limits().maxSessionsPerAddress());
        assertEquals(d.limits().idleTimeout(), c.limits().idleTimeout());
        assertEquals(d.storage(), c.storage());
        assertEquals(d.ssh(), c.ssh());
    }

    @Test
    void authorizedKeysFollowsStateDirUnlessSet() throws Exception {
        Path state = tmp.resolve("state");
        ReceiverConfig c = load(tmp, "state_dir: " + state + "\n");
        assertEquals(state.resolve("authorized_keys"), c.ssh().authorizedKeys());

        c = load(tmp, "state_dir: " + state + "\nssh:\n  authorized_keys: /etc/kdump-receiver/keys\n");
        assertEquals(Path.of("/etc/kdump-receiver/keys"), c.ssh().authorizedKeys());
    }

    @Test
    void everyKeyCanBeSet() throws Exception {
        ReceiverConfig c = load(tmp, """
                state_dir: %s/state
                storage:
                  root: %s/dumps
                  min_free: 512MiB
                encryption:
                  recipients: [%s]
                compression:
                  level: 19
                ssh:
                  listen: "[::]:22"
                  authorized_keys: /etc/keys
                nfs:
                  enabled: yes
                  listen: 0.0.0.0:2049
                  export: /exports/crash
                  clients:
                    - 10.0.0.0/8
                    - 2001:db8::/32
                  hosts:
                    10.0.2.15: web-17
                    "2001:db8::7": web-18
                  mount_port: 635
                  portmap: true
                  portmap_port: 0
                metrics:
                  listen: localhost:9100
                limits:
                  max_sessions: 100
                  max_sessions_per_address: 2
                  max_auth_attempts: 3
                  idle_timeout: 1h30m
                  max_file_size: 10GiB
                  buffer_per_file: 1M
                """.formatted(tmp, tmp, RECIPIENT));
        assertEquals(tmp.resolve("state"), c.stateDir());
        assertEquals(new ReceiverConfig.Storage(tmp.resolve("dumps"), 512L << 20), c.storage());
        assertEquals(List.of(RECIPIENT), c.encryption().recipients());
        assertEquals(19, c.compression().level());
        assertEquals(new ReceiverConfig.Ssh(new HostPort("::", 22), Path.of("/etc/keys")), c.ssh());
        assertEquals(new ReceiverConfig.Nfs(true, new HostPort("0.0.0.0", 2049), "/exports/crash",
                List.of("10.0.0.0/8", "2001:db8::/32"), java.util.Map.of("10.0.2.15", "web-17", "2001:db8::7", "web-18"),
                635, true, 0), c.nfs());
        assertEquals(new HostPort("localhost", 9100), c.metrics().listen());
        assertEquals(new ReceiverConfig.Limits(100, 2, 3, Duration.ofMinutes(90), 10L << 30, 1L << 20), c.limits());
    }

    @Test
    void maxFileSizeZeroMeansUnlimitedAndPlainBytesWork() throws Exception {
        assertEquals(0, load(tmp, "limits:\n  max_file_size: 0\n").limits().maxFileBytes());
        assertEquals(123456789, load(tmp, "limits:\n  max_file_size: 123456789\n").limits().maxFileBytes());
    }

    @Test
    void unknownKeySuggestsClosestKey() throws Exception {
        ConfigException e = failure(tmp, "limits:\n  max_sesions: 8\nstorag:\n  root: /x\n");
        assertError(e, file(), 2, "limits.max_sesions", "unknown key", "did you mean limits.max_sessions?");
        assertError(e, file(), 3, "storag", "did you mean storage?");
    }

    @Test
    void unknownKeyInWrongPlaceOrFlatNamesTheRightKey() throws Exception {
        ConfigException e = failure(tmp, "max_sessions: 8\nstorage.root: /srv\n");
        assertError(e, file(), 1, "max_sessions", "did you mean limits.max_sessions?");
        assertError(e, file(), 2, "storage.root", "did you mean storage.root", "nested");
    }

    @Test
    void unknownKeyWithNothingCloseListsValidKeys() throws Exception {
        ConfigException e = failure(tmp, "ssh:\n  frobnicate: 1\n");
        assertError(e, file(), 2, "ssh.frobnicate", "unknown key", "listen, authorized_keys");
    }

    @Test
    void duplicateKeyIsReported() throws Exception {
        ConfigException e = failure(tmp, "compression:\n  level: 3\n  level: 5\n");
        assertError(e, file(), 3, "compression.level", "set twice", "line 2");
    }

    @Test
    void listWhereStringExpected() throws Exception {
        ConfigException e = failure(tmp, "storage:\n  root:\n    - /a\n    - /b\n");
        assertError(e, file(), 3, "storage.root", "expected a single value", "found a list");
    }

    @Test
    void wordWhereNumberExpected() throws Exception {
        ConfigException e = failure(tmp, "compression:\n  level: high\n");
        assertError(e, file(), 2, "compression.level", "expected a whole number between 1 and 19", "'high'");
    }

    @Test
    void scalarWhereSectionOrListExpected() throws Exception {
        ConfigException e = failure(tmp, "storage: /srv/kdump\nencryption:\n  recipients: " + RECIPIENT + "\n");
        assertError(e, file(), 1, "storage", "must be a section", "root:");
        assertError(e, file(), 3, "encryption.recipients", "expected a list");
    }

    @Test
    void notABoolean() throws Exception {
        ConfigException e = failure(tmp, "nfs:\n  enabled: maybe\n");
        assertError(e, file(), 2, "nfs.enabled", "expected true or false", "'maybe'");
    }

    @Test
    void badSizeNamesValidUnits() throws Exception {
        ConfigException e = failure(tmp, "storage:\n  min_free: 12QB\n");
        assertError(e, file(), 2, "storage.min_free", "'12QB'", "unknown unit 'QB'", "KiB", "GiB", "MB");
    }

    @Test
    void badDuration() throws Exception {
        ConfigException e = failure(tmp, "limits:\n  idle_timeout: 10 minutes\n");
        assertError(e, file(), 2, "limits.idle_timeout", "not a duration", "30s", "1h30m");
    }

    @Test
    void durationWithoutUnit() throws Exception {
        ConfigException e = failure(tmp, "limits:\n  idle_timeout: 600\n");
        assertError(e, file(), 2, "limits.idle_timeout", "no unit", "600s");
    }

    @Test
    void badHostPort() throws Exception {
        ConfigException e = failure(tmp, "ssh:\n  listen: 2222\nmetrics:\n  listen: \"::1:9465\"\n");
        assertError(e, file(), 2, "ssh.listen", "'2222' is not host:port", "missing ':port'");
        assertError(e, file(), 4, "metrics.listen", "brackets");
    }

    @Test
    void badCidr() throws Exception {
        ConfigException e = failure(tmp, "nfs:\n  clients:\n    - 10.0.0.0/8\n    - 10.0.0.0/40\n    - 192.0.2.7\n");
        assertError(e, file(), 4, "nfs.clients[1]", "'10.0.0.0/40' is not a CIDR", "0..32");
        assertError(e, file(), 5, "nfs.clients[2]", "192.0.2.7/32");
        assertEquals(2, e.errors().size(), e.getMessage());
    }

    @Test
    void outOfRangeNumbers() throws Exception {
        ConfigException e = failure(tmp, """
                compression:
                  level: 20
                limits:
                  max_sessions: 0
                  max_auth_attempts: 1000
                  buffer_per_file: 2GiB
                  idle_timeout: 0s
                """);
        assertError(e, file(), 2, "compression.level", "between 1 and 19", "found 20");
        assertError(e, file(), 4, "limits.max_sessions", "between 1 and", "found 0");
        assertError(e, file(), 5, "limits.max_auth_attempts", "between 1 and 100", "found 1000");
        assertError(e, file(), 6, "limits.buffer_per_file", "out of range", "4KiB", "1GiB");
        assertError(e, file(), 7, "limits.idle_timeout", "too short", "1s");
    }

    @Test
    void recipientProblemMessageIsReported() throws Exception {
        ConfigException e = failure(tmp, "encryption:\n  recipients:\n    - " + RECIPIENT + "\n    - age1short\n");
        assertError(e, file(), 4, "encryption.recipients[1]", "'age1short' is not an age public key",
                "expected age1 followed by 58 characters");
        assertEquals(1, e.errors().size(), e.getMessage());
    }

    @Test
    void secretKeyInRecipientsIsNotEchoed() throws Exception {
        String secret = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";
        ConfigException e = failure(tmp, "encryption:\n  recipients: [" + secret + "]\n");
        ConfigError error = assertError(e, file(), 2, "encryption.recipients[0]", "secret key", "age1");
        assertFalse(e.getMessage().contains(secret));
        assertFalse(error.toString().contains("QQQQ"));
    }

    @Test
    void unwritableStorageRootBelowARegularFile() throws Exception {
        Path afile = Files.writeString(tmp.resolve("afile"), "x");
        ConfigException e = failure(tmp, "storage:\n  root: " + afile.resolve("sub") + "\n");
        assertError(e, file(), 2, "storage.root", afile.resolve("sub") + " cannot be created because " + afile,
                "not a directory");
    }

    @Test
    void unwritableStateDirBelowProc() throws Exception {
        ConfigException e = failure(tmp, "state_dir: /proc/kdump-receiver/state\n");
        assertError(e, file(), 1, "state_dir", "/proc", "proc pseudo-filesystem");
    }

    @Test
    void existingRegularFileAsStateDir() throws Exception {
        Path afile = Files.writeString(tmp.resolve("afile"), "x");
        ConfigException e = failure(tmp, "state_dir: " + afile + "\n");
        assertError(e, file(), 1, "state_dir", afile + " is not a directory");
    }

    @Test
    void yamlSyntaxErrorHasLine() throws Exception {
        ConfigException e = failure(tmp, "storage:\n  root: /srv\n   min_free: [1GiB\nlimits: {\n");
        assertEquals(1, e.errors().size(), e.getMessage());
        ConfigError error = e.errors().get(0);
        assertEquals(file(), error.file());
        assertEquals("(yaml)", error.key());
        assertTrue(error.line() >= 2 && error.line() <= 4, error.toString());
        assertTrue(error.message().startsWith("syntax error"), error.toString());
    }

    @Test
    void tabIndentationIsASyntaxErrorOnItsLine() throws Exception {
        ConfigException e = failure(tmp, "storage:\n\troot: /srv\n");
        assertEquals(2, e.errors().get(0).line(), e.getMessage());
        assertEquals("(yaml)", e.errors().get(0).key());
    }

    @Test
    void unquotedIpv6ListenGetsAQuotingHint() throws Exception {
        ConfigException e = failure(tmp, "ssh:\n  listen: [::]:22\n");
        assertError(e, file(), 2, "(yaml)", "syntax error", "quote it", "\"[::]:22\"");
    }

    @Test
    void fileThatIsNotAMapping() throws Exception {
        ConfigException e = failure(tmp, "- state_dir: /x\n- storage: /y\n");
        assertError(e, file(), 1, "(document)", "must be a mapping", "a list");
        e = failure(tmp, "just some words\n");
        assertError(e, file(), 1, "(document)", "must be a mapping", "'just some words'");
    }

    @Test
    void missingFile() {
        Path missing = tmp.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, RECIPIENTS));
        assertError(e, missing.toString(), 0, "(file)", "cannot read", "no such file");
    }

    @Test
    void allErrorsAreCollectedInLineOrder() throws Exception {
        ConfigException e = failure(tmp, """
                compression:
                  level: high
                storage:
                  min_free: 12QB
                limits:
                  idle_timeout: soon
                  max_sesions: 3
                """);
        assertEquals(4, e.errors().size(), e.getMessage());
        assertEquals(List.of(2, 4, 6, 7), e.errors().stream().map(ConfigError::line).toList());
        assertEquals(file() + ":2: compression.level: expected a whole number between 1 and 19, found 'high'",
                e.errors().get(0).toString());
        assertTrue(e.getMessage().contains("\n"), "message lists one error per line");
    }

    @Test
    void listenersMustNotShareAPort() throws Exception {
        ConfigException e = failure(tmp, "metrics:\n  listen: 127.0.0.1:2222\n");
        assertError(e, file(), 2, "metrics.listen", "also used by ssh.listen");
    }

    @Test
    void enabledNfsNeedsClients() throws Exception {
        ConfigException e = failure(tmp, "nfs:\n  enabled: true\n  clients: []\n");
        assertError(e, file(), 3, "nfs.clients", "empty", "nfs.enabled");
    }

    @Test
    void badNfsHostMapEntriesAreNamed() throws Exception {
        ConfigException e = failure(tmp, "nfs:\n  hosts:\n    10.0.2.15: web-17\n    web-18: 10.0.2.16\n"
                + "    10.0.2.17: ../etc\n");
        assertError(e, file(), 4, "nfs.hosts.web-18", "not an IPv4 or IPv6 address");
        assertError(e, file(), 5, "nfs.hosts.10.0.2.17", "not a usable host name");
    }

    @Test
    void nfsHostNameFollowsTheStoresGrammar() throws Exception {
        ConfigException e = failure(tmp, "nfs:\n  hosts:\n    10.0.2.15: -web\n    10.0.2.16: web..17\n"
                + "    10.0.2.17: web 17\n    10.0.2.18: web-18\n");
        assertError(e, file(), 3, "nfs.hosts.10.0.2.15", "'-web' is not a usable host name",
                "start with a letter or digit");
        assertError(e, file(), 4, "nfs.hosts.10.0.2.16", "'web..17'", "'..'");
        assertError(e, file(), 5, "nfs.hosts.10.0.2.17", "'web 17'", "' '");
        assertEquals(3, e.errors().size(), e.getMessage());
    }

    @Test
    void nfsHostsMustBeAMap() throws Exception {
        ConfigException e = failure(tmp, "nfs:\n  hosts: web-17\n");
        assertError(e, file(), 2, "nfs.hosts", "key: value");
    }

    @Test
    void relativeNfsExportIsRejected() throws Exception {
        ConfigException e = failure(tmp, "nfs:\n  export: var/crash\n");
        assertError(e, file(), 2, "nfs.export", "absolute path");
    }

    @Test
    void portClashBlamesTheKeyTheFileSets() throws Exception {
        ConfigException e = failure(tmp, "ssh:\n  listen: 127.0.0.1:9465\n");
        assertError(e, file(), 2, "ssh.listen", "127.0.0.1:9465 is also used by metrics.listen");
        assertEquals(1, e.errors().size(), e.getMessage());
    }

    @Test
    void portZeroMayRepeatBecauseTheOsPicksDistinctPorts() throws Exception {
        ReceiverConfig c = load(tmp, "ssh:\n  listen: 127.0.0.1:0\nmetrics:\n  listen: 127.0.0.1:0\n");
        assertEquals(0, c.ssh().listen().port());
    }
}
