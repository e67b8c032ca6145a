package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.kdumpreceiver.Await;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.config.ConfigLoader;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.crypto.Recipient;
import org.kdumpreceiver.ingest.IngestEvent;
import org.kdumpreceiver.ingest.ReceiverEvent;
import org.kdumpreceiver.ingest.SealedStoreFixture;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.ManifestCodec;

/**
 * A receiver's SSH endpoint on 127.0.0.1 (an ephemeral port) and a real OpenSSH client set up to
 * reach it as a kdump host would: its own key, the receiver's host keys pinned in known_hosts with
 * StrictHostKeyChecking=yes, BatchMode. {@code ssh -F config receiver ...} is all a test needs.
 */
final class SshFixture implements AutoCloseable {
    /** Generous: an event follows what causes it within milliseconds, even on a loaded machine. */
    static final Duration EVENT_TIMEOUT = Duration.ofSeconds(60);

    final Path dir;
    final Path key;
    final Path sshConfig;
    /** The same client without its key, for tests that offer another. */
    final Path sshConfigWithoutKey;
    final SealedStoreFixture store;
    final SshEndpoint endpoint;
    final Path authorizedKeys;

    SshFixture(Path dir, String keyComment, String limitsYaml) throws Exception {
        this(dir, keyComment, limitsYaml, Clock.systemUTC());
    }

    /** With the receiver's one clock set by the test. */
    SshFixture(Path dir, String keyComment, String limitsYaml, Clock clock) throws Exception {
        this.dir = dir;
        Path state = Files.createDirectories(dir.resolve("state"));
        key = dir.resolve("kdump_id_rsa");
        Programs.Result gen = Programs.run(List.of(Programs.require("ssh-keygen", "openssh-client"), "-q", "-t", "rsa",
                "-b", "2048", "-N", "", "-C", keyComment, "-f", key.toString()), null);
        assertEquals(0, gen.exit(), gen.stderr());
        authorizedKeys = state.resolve("authorized_keys");
        Files.copy(dir.resolve("kdump_id_rsa.pub"), authorizedKeys);
        store = new SealedStoreFixture(dir.resolve("dumps"), dir.resolve("operator.key"), 0, 0, clock);
        Path configFile = Files.writeString(dir.resolve("config.yaml"), "state_dir: " + state + "\n"
                + "storage:\n  root: " + store.root + "\n  min_free: 0\n"
                + "encryption:\n  recipients: [" + store.identity.recipient().encoded() + "]\n"
                + "ssh:\n  listen: 127.0.0.1:0\n  authorized_keys: " + authorizedKeys + "\n"
                + (limitsYaml == null ? "" : limitsYaml));
        ReceiverConfig config = ConfigLoader.load(configFile, Recipient::problem);
        HostKeys hostKeys = HostKeys.loadOrCreate(state);
        endpoint = SshEndpoint.start(config, store.ingest, hostKeys);
        StringBuilder knownHosts = new StringBuilder();
        for (HostKeys.Key k : hostKeys.keys()) {
            knownHosts.append("[127.0.0.1]:").append(endpoint.port()).append(' ').append(k.publicLine()).append('\n');
        }
        Path kh = Files.writeString(dir.resolve("known_hosts"), knownHosts);
        String common = "  HostName 127.0.0.1\n  Port " + endpoint.port() + "\n  User kdump\n"
                + "  IdentitiesOnly yes\n  UserKnownHostsFile " + kh + "\n"
                + "  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  BatchMode yes\n"
                + "  LogLevel ERROR\n  ServerAliveInterval 5\n";
        sshConfig = Files.writeString(dir.resolve("ssh_config"), "Host receiver\n" + common + "  IdentityFile " + key + "\n");
        sshConfigWithoutKey = Files.writeString(dir.resolve("ssh_config_nokey"), "Host receiver\n" + common);
    }

    /** {@code ssh receiver COMMAND} with stdin from {@code stdin} (or /dev/null). */
    Programs.Result ssh(Path stdin, String command) {
        return Programs.run(List.of(Programs.require("ssh", "openssh-client"), "-F", sshConfig.toString(), "receiver",
                command), stdin);
    }

    Programs.Result ssh(Path stdin, String... options) {
        List<String> cmd = new ArrayList<>(List.of(Programs.require("ssh", "openssh-client"), "-F", sshConfig.toString()));
        cmd.addAll(List.of(options));
        return Programs.run(cmd, stdin);
    }

    /** Real scp; {@code legacy} adds -O (the protocol of OpenSSH before 9.0). */
    Programs.Result scp(boolean legacy, String from, String to) {
        List<String> cmd = new ArrayList<>(List.of(Programs.require("scp", "openssh-client"), "-F", sshConfig.toString()));
        if (legacy) {
            cmd.add("-O");
        }
        cmd.add(from);
        cmd.add(to);
        return Programs.run(cmd, null);
    }

    /** The one dump directory of {@code host} whose client directory is {@code clientDir}. */
    Path dumpDir(String host, String clientDir) throws IOException {
        for (Path d : store.store.dumpDirectories()) {
            Manifest m = ManifestCodec.read(d.resolve(DumpStore.MANIFEST));
            if (m.host().equals(host) && clientDir.equals(m.clientPaths().directory())) {
                return d;
            }
        }
        throw new AssertionError("no dump of " + host + " for " + clientDir);
    }

    Manifest manifest(Path dumpDir) throws IOException {
        return ManifestCodec.read(dumpDir.resolve(DumpStore.MANIFEST));
    }

    /** Waits for an event that the receiver may send just after the client already has its answer. */
    void awaitEvent(String what, Predicate<ReceiverEvent> match) throws InterruptedException {
        awaitEvents(what, all -> all.stream().anyMatch(match));
    }

    /** Waits until the events sent so far satisfy {@code done}; the failure lists them. */
    void awaitEvents(String what, Predicate<List<ReceiverEvent>> done) throws InterruptedException {
        Await.until(EVENT_TIMEOUT, what, () -> new Events(List.copyOf(store.events)), seen -> done.test(seen.all()));
    }

    /** A snapshot of the events, printed without BytesReceived: one per write would bury the rest. */
    private record Events(List<ReceiverEvent> all) {
        @Override
        public String toString() {
            List<ReceiverEvent> shown = all.stream().filter(e -> !(e instanceof IngestEvent.BytesReceived)).toList();
            return shown + " and " + (all.size() - shown.size()) + " BytesReceived";
        }
    }

    int dumpCount() throws IOException {
        return store.store.dumpDirectories().size();
    }

    @Override
    public void close() throws IOException {
        endpoint.close();
        store.ingest.closeViews();
    }
}
