package org.kdumpreceiver.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The effective receiver configuration: every value is set, either from a config file or from the
 * embedded default. Instances come from {@link ConfigLoader}, which has already validated them.
 *
 * <p>Relative paths are kept as written; like every relative path in the JVM they resolve against
 * the process working directory.
 *
 * @param source where the values came from: the config file path, or {@code "embedded default"}
 */
public record ReceiverConfig(
        Path stateDir,
        Storage storage,
        Encryption encryption,
        Compression compression,
        Ssh ssh,
        Nfs nfs,
        Metrics metrics,
        Limits limits,
        Enrolment enrolment,
        String source) {

    public ReceiverConfig {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(ssh, "ssh");
        Objects.requireNonNull(nfs, "nfs");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(enrolment, "enrolment");
        Objects.requireNonNull(source, "source");
    }

    /** The same configuration, attributed to another source. */
    public ReceiverConfig withSource(String newSource) {
        return new ReceiverConfig(stateDir, storage, encryption, compression, ssh, nfs, metrics, limits, enrolment,
                newSource);
    }

    /** Where dumps are stored, and how much disk must stay free. */
    public record Storage(Path root, long minFreeBytes) {
        public Storage {
            Objects.requireNonNull(root, "root");
        }
    }

    /** age recipients ({@code age1...}); empty means the daemon generates a local identity. */
    public record Encryption(List<String> recipients) {
        public Encryption {
            recipients = List.copyOf(recipients);
        }
    }

    /** zstd compression level, 1..19. */
    public record Compression(int level) {
    }

    public record Ssh(HostPort listen, Path authorizedKeys) {
        public Ssh {
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(authorizedKeys, "authorizedKeys");
        }
    }

    /**
     * The NFS export (NFSv3 on {@code listen}, MOUNT v3 on the same address at {@code mountPort}, and
     * optionally an embedded portmapper/rpcbind at {@code portmapPort}).
     *
     * @param clients CIDRs such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}, already validated
     * @param hosts client address to host name; an address not listed is its own host name
     * @param mountPort MOUNT v3 port; 0 lets the OS pick one
     * @param portmap whether to serve an embedded portmapper (for hosts without a system rpcbind)
     * @param portmapPort its port (111 for real clients; 0 lets the OS pick one)
     */
    public record Nfs(boolean enabled, HostPort listen, String export, List<String> clients,
            Map<String, String> hosts, int mountPort, boolean portmap, int portmapPort) {
        public Nfs {
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(export, "export");
            clients = List.copyOf(clients);
            hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        }

        /** No host-name map, MOUNT on 20048, no embedded portmapper. */
        public Nfs(boolean enabled, HostPort listen, String export, List<String> clients) {
            this(enabled, listen, export, clients, Map.of(), 20048, false, 111);
        }
    }

    /**
     * The Prometheus endpoint.
     *
     * @param hostLabel whether {@code kdump_receiver_last_dump_timestamp_seconds} has one series per host
     * @param bearerTokenFile file holding the token scrapers must send, or null for none
     * @param basicAuthFile file of {@code user:password} lines scrapers may use, or null for none
     */
    public record Metrics(boolean enabled, HostPort listen, boolean hostLabel, Path bearerTokenFile,
            Path basicAuthFile) {
        public Metrics {
            Objects.requireNonNull(listen, "listen");
        }

        /** Enabled on {@code listen} with the default host label and no authentication. */
        public Metrics(HostPort listen) {
            this(true, listen, true, null, null);
        }

        public boolean authRequired() {
            return bearerTokenFile != null || basicAuthFile != null;
        }
    }

    /**
     * @param maxFileBytes largest accepted dump file; 0 means unlimited
     * @param bufferBytesPerFile memory buffered per file being received
     */
    public record Limits(
            int maxSessions,
            int maxSessionsPerAddress,
            int maxAuthAttempts,
            Duration idleTimeout,
            long maxFileBytes,
            long bufferBytesPerFile) {
        public Limits {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
        }
    }

    /**
     * How hosts enrol their keys with ssh-copy-id ({@code kdump-config propagate}, {@code kdumpctl propagate}).
     * One-time tokens always work; the standing password only when enabled, and only from its CIDRs.
     *
     * @param passwordClients CIDRs the standing password may be used from, already validated
     * @param bindPrefixIpv4 an enrolled key is bound to its enrolling address widened to this prefix (32: the
     *     address itself, 0: anywhere)
     * @param maxFailures failed password attempts from one address within {@code failureWindow} that ban it
     * @param backoff wait after the first failure before the next password is checked; doubles per failure
     *     (zero: none)
     */
    public record Enrolment(
            boolean passwordEnabled,
            List<String> passwordClients,
            int bindPrefixIpv4,
            int bindPrefixIpv6,
            int maxFailures,
            Duration failureWindow,
            Duration ban,
            Duration backoff) {
        public Enrolment {
            passwordClients = List.copyOf(passwordClients);
            Objects.requireNonNull(failureWindow, "failureWindow");
            Objects.requireNonNull(ban, "ban");
            Objects.requireNonNull(backoff, "backoff");
        }
    }
}
