package org.kdumpreceiver.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.kdumpreceiver.config.Durations;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.enrolment.EnrolledKey;
import org.kdumpreceiver.enrolment.EnrolmentPassword;
import org.kdumpreceiver.enrolment.EnrolmentTokens;
import org.kdumpreceiver.enrolment.HostRegistry;
import org.kdumpreceiver.enrolment.PublicKeyLine;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.ssh.AddressPattern;
import org.kdumpreceiver.store.ManifestCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Enrolled hosts and the secrets that enrol them; see docs/enrolment.md. */
@Command(name = "hosts", description = "Enrol hosts (tokens, the standing password), list and revoke their keys.",
        subcommands = {HostsCommand.IssueToken.class, HostsCommand.SetPassword.class, HostsCommand.ListHosts.class,
                HostsCommand.AddHost.class, HostsCommand.RevokeHost.class})
final class HostsCommand {

    @Command(name = "token", description = "Print a one-time enrolment token to type at ssh-copy-id's password"
            + " prompt (kdump-config propagate, kdumpctl propagate). Only its salted hash is stored.")
    static final class IssueToken implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
                description = "How long the token is valid, e.g. 30m, 1h, 2d (default: ${DEFAULT-VALUE}).")
        String ttl;

        @Option(names = "--uses", paramLabel = "N", defaultValue = "1",
                description = "How many enrolments (ssh-copy-id runs) it allows (default: ${DEFAULT-VALUE}).")
        int uses;

        @Option(names = "--cidr", paramLabel = "CIDR", description = "Only usable from this network, e.g. 10.0.0.0/8.")
        String cidr;

        @Option(names = "--host", paramLabel = "NAME",
                description = "Host name for the keys it enrols (default: the key comment's host part, root@NAME).")
        String host;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ReceiverConfig config = configOption.load();
            StateDirectory.create(config.stateDir());
            Duration validity = Durations.parse(ttl);
            if (host != null) {
                new HostIdentity(host);
            }
            EnrolmentTokens.Issued issued = new EnrolmentTokens(config.stateDir(), Clock.systemUTC())
                    .issue(validity, uses, cidr, host);
            PrintWriter out = spec.commandLine().getOut();
            out.println(issued.secret());
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("token " + issued.token().id() + ": " + uses + (uses == 1 ? " use" : " uses") + ", expires "
                    + issued.token().expires() + (cidr != null ? ", only from " + cidr : "")
                    + (host != null ? ", enrols as host " + host : "") + ".");
            err.println("Type it at the password prompt of ssh-copy-id (kdump-config propagate / kdumpctl propagate).");
            err.flush();
            return 0;
        }
    }

    @Command(name = "set-password", description = "Set the standing enrolment password (stored as a salted hash)."
            + " It is accepted only when enrolment.password_enabled is true, from enrolment.password_clients.")
    static final class SetPassword implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "Read the password from the first line of FILE (default: ask on the terminal, or read"
                        + " the first line of standard input when it is not a terminal).")
        Path passwordFile;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ReceiverConfig config = configOption.load();
            StateDirectory.create(config.stateDir());
            String password = read();
            EnrolmentPassword stored = new EnrolmentPassword(config.stateDir());
            stored.set(password);
            PrintWriter err = spec.commandLine().getErr();
            err.println("enrolment password stored (salted hash) in " + stored.path());
            if (!config.enrolment().passwordEnabled()) {
                err.println("note: it is not accepted until enrolment.password_enabled is true in "
                        + config.source() + " (with enrolment.password_clients)");
            }
            err.flush();
            return 0;
        }

        private String read() throws IOException {
            if (passwordFile != null) {
                List<String> lines = Files.readAllLines(passwordFile);
                if (lines.isEmpty() || lines.get(0).isEmpty()) {
                    throw new IllegalArgumentException(passwordFile + " is empty; put the password on its first line");
                }
                return lines.get(0);
            }
            Console console = System.console();
            if (console != null) {
                char[] first = console.readPassword("Enrolment password: ");
                char[] second = console.readPassword("Again: ");
                if (first == null || second == null || !Arrays.equals(first, second)) {
                    throw new IllegalArgumentException("the two passwords differ; nothing changed");
                }
                return new String(first);
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("no password on standard input; nothing changed");
            }
            return line;
        }
    }

    @Command(name = "list", description = "One line per enrolled key: host, key type and fingerprint, where it may"
            + " be used from, when and how it enrolled, and the host's last dump.")
    static final class ListHosts implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ReceiverConfig config = configOption.load();
            List<EnrolledKey> keys = new HostRegistry(config.stateDir()).keys();
            DumpStore store = new DumpStore(config.storage().root(), Clock.systemUTC());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ArrayNode array = ManifestCodec.json().createArrayNode();
                for (EnrolledKey k : keys) {
                    ObjectNode n = array.addObject();
                    n.put("host", k.host());
                    n.put("type", k.type());
                    n.put("fingerprint", k.fingerprint());
                    n.put("from", k.from());
                    n.put("enrolled_at", k.enrolledAt().toString());
                    n.put("enrolled_from", k.enrolledFrom());
                    n.put("via", k.via());
                    n.put("token", k.tokenId());
                    Instant last = store.lastDump(k.host()).orElse(null);
                    n.put("last_dump", last == null ? null : last.toString());
                }
                out.println(ManifestCodec.json().writerWithDefaultPrettyPrinter().writeValueAsString(array));
            } else {
                out.printf("%-24s %-12s %-51s %-20s %-20s %-14s %s%n", "HOST", "TYPE", "FINGERPRINT", "BOUND TO",
                        "ENROLLED", "VIA", "LAST DUMP");
                for (EnrolledKey k : keys) {
                    Instant last = store.lastDump(k.host()).orElse(null);
                    out.printf("%-24s %-12s %-51s %-20s %-20s %-14s %s%n", k.host(), k.type(), k.fingerprint(),
                            k.from() == null ? "anywhere" : k.from(), k.enrolledAt().toString().replaceAll("\\.\\d+Z$", "Z"),
                            k.via() + (k.tokenId() != null ? ":" + k.tokenId() : ""), last == null ? "never" : last);
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "add", description = "Enrol a key without ssh-copy-id (e.g. from configuration management).")
    static final class AddHost implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Option(names = "--host", paramLabel = "NAME", required = true, description = "The host its dumps are filed as.")
        String host;

        @Option(names = "--key", paramLabel = "FILE", required = true,
                description = "Public key file (e.g. a copy of the host's /root/.ssh/kdump_id_rsa.pub).")
        Path keyFile;

        @Option(names = "--from", paramLabel = "PATTERN[,PATTERN...]",
                description = "Only usable from these networks, addresses or address patterns, as in an"
                        + " authorized_keys from=\"...\" (10.0.0.0/8, 192.0.2.7, 10.1.*; '!' refuses one)."
                        + " Default: anywhere.")
        String from;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ReceiverConfig config = configOption.load();
            StateDirectory.create(config.stateDir());
            new HostIdentity(host);
            if (from != null) {
                try {
                    AddressPattern.parse(from);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--from: " + e.getMessage(), e);
                }
            }
            List<PublicKeyLine> keys = new ArrayList<>();
            for (String line : Files.readAllLines(keyFile)) {
                if (!line.isBlank() && !line.strip().startsWith("#")) {
                    try {
                        keys.add(PublicKeyLine.parse(line));
                    } catch (PublicKeyLine.Refused e) {
                        throw new IllegalArgumentException(keyFile + ": " + e.getMessage());
                    }
                }
            }
            if (keys.isEmpty()) {
                throw new IllegalArgumentException(keyFile + " holds no public key");
            }
            HostRegistry registry = new HostRegistry(config.stateDir());
            PrintWriter out = spec.commandLine().getOut();
            for (PublicKeyLine k : keys) {
                HostRegistry.Result result = registry.enrol(new EnrolledKey(host, k.line(), k.type(), k.fingerprint(),
                        from, Instant.now(), null, null, "cli"), current -> null);
                out.println((result == HostRegistry.Result.ENROLLED ? "enrolled " : "already enrolled: ") + host + " "
                        + k.type() + " " + k.fingerprint() + (from == null ? "" : " from " + from));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", description = "Remove a host's keys (by host name) or one key (by fingerprint);"
            + " the running daemon refuses them from the next login on.")
    static final class RevokeHost implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;

        @Parameters(paramLabel = "NAME|FINGERPRINT", description = "A host name, or a key fingerprint SHA256:...")
        String target;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ReceiverConfig config = configOption.load();
            List<EnrolledKey> gone = new HostRegistry(config.stateDir()).revoke(target);
            if (gone.isEmpty()) {
                spec.commandLine().getErr().println("kdump-receiver: no enrolled host or key matches '" + target
                        + "' (see kdump-receiver hosts list; keys in " + config.ssh().authorizedKeys()
                        + " are removed by editing that file)");
                spec.commandLine().getErr().flush();
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            for (EnrolledKey k : gone) {
                out.println("revoked " + k.host() + " " + k.type() + " " + k.fingerprint());
            }
            out.flush();
            return 0;
        }
    }
}
