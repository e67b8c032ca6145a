package org.kdumpreceiver.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Loads and validates the receiver configuration. A config file overrides only the keys it names;
 * everything else comes from the embedded default ({@code embedded-default.yaml} next to this
 * class). All problems are collected and reported together in a {@link ConfigException}.
 */
public final class ConfigLoader {

    /** The {@link ReceiverConfig#source()} of a configuration built from defaults alone. */
    public static final String EMBEDDED_DEFAULT = "embedded default";

    static final String EMBEDDED_RESOURCE = "embedded-default.yaml";

    private static final int MAX_SESSIONS_LIMIT = 100_000;
    private static final int MAX_AUTH_ATTEMPTS_LIMIT = 100;
    // The receiver allocates one buffer per open file; keep it addressable by a Java array.
    private static final long MIN_BUFFER = 4L << 10;
    private static final long MAX_BUFFER = 1L << 30;

    private ConfigLoader() {
    }

    /**
     * Loads {@code file} on top of the embedded default.
     *
     * @param recipientProblem returns null for a valid age recipient, otherwise what is wrong with it
     * @throws ConfigException listing every problem found
     */
    public static ReceiverConfig load(Path file, Function<String, String> recipientProblem) throws ConfigException {
        Objects.requireNonNull(recipientProblem, "recipientProblem");
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(name, 0, "(file)", "cannot read: " + describe(e))));
        }
        ErrorList errors = new ErrorList();
        YamlFile user = YamlFile.parse(name, text, errors);
        if (user == null) {
            // Without a usable document, checking the defaults would only add noise.
            errors.throwIfAny();
        }
        return build(new Fields(user, embedded(), errors), recipientProblem, name, errors);
    }

    /**
     * The embedded development default: everything on 127.0.0.1, data under {@code ./var}.
     *
     * @throws ConfigException if the defaults do not suit this machine, e.g. {@code ./var/state}
     *     cannot be created in the working directory
     */
    public static ReceiverConfig embeddedDefault(Function<String, String> recipientProblem) throws ConfigException {
        Objects.requireNonNull(recipientProblem, "recipientProblem");
        ErrorList errors = new ErrorList();
        return build(new Fields(null, embedded(), errors), recipientProblem, EMBEDDED_DEFAULT, errors);
    }

    private static YamlFile embedded() {
        String text;
        try (InputStream in = ConfigLoader.class.getResourceAsStream(EMBEDDED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(EMBEDDED_RESOURCE + " is missing from the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ErrorList errors = new ErrorList();
        YamlFile defaults = YamlFile.parse(EMBEDDED_DEFAULT, text, errors);
        if (!errors.isEmpty()) {
            try {
                errors.throwIfAny();
            } catch (ConfigException e) {
                throw new IllegalStateException("broken " + EMBEDDED_RESOURCE + ":\n" + e.getMessage(), e);
            }
        }
        return defaults;
    }

    private static ReceiverConfig build(Fields f, Function<String, String> recipientProblem, String source,
            ErrorList errors) throws ConfigException {
        Path stateDir = writableDir(f, Keys.STATE_DIR);
        Path storageRoot = writableDir(f, Keys.STORAGE_ROOT);
        Long minFree = f.size(Keys.STORAGE_MIN_FREE, 0, Long.MAX_VALUE);
        List<String> recipients = recipients(f, recipientProblem);
        Integer level = f.integer(Keys.COMPRESSION_LEVEL, 1, 19);

        HostPort sshListen = f.hostPort(Keys.SSH_LISTEN);
        Path authorizedKeys = f.isSet(Keys.SSH_AUTHORIZED_KEYS) ? f.path(Keys.SSH_AUTHORIZED_KEYS)
                : stateDir == null ? null : stateDir.resolve("authorized_keys");

        Boolean nfsEnabled = f.bool(Keys.NFS_ENABLED);
        HostPort nfsListen = f.hostPort(Keys.NFS_LISTEN);
        String export = f.text(Keys.NFS_EXPORT);
        if (export != null && !export.startsWith("/")) {
            f.error(Keys.NFS_EXPORT, "must be an absolute path such as /var/crash, found '" + export + "'");
        }
        List<String> clients = cidrs(f, Keys.NFS_CLIENTS);
        Map<String, String> nfsHosts = nfsHosts(f);
        Integer mountPort = f.integer(Keys.NFS_MOUNT_PORT, 0, 65535);
        Boolean portmap = f.bool(Keys.NFS_PORTMAP);
        Integer portmapPort = f.integer(Keys.NFS_PORTMAP_PORT, 0, 65535);
        if (Boolean.TRUE.equals(nfsEnabled) && clients != null && clients.isEmpty()) {
            f.error(Keys.NFS_CLIENTS, "is empty although nfs.enabled is true, so no host could mount the export;"
                    + " list client networks such as 10.0.0.0/8");
        }

        Boolean metricsEnabled = f.bool(Keys.METRICS_ENABLED);
        HostPort metricsListen = f.hostPort(Keys.METRICS_LISTEN);
        Boolean hostLabel = f.bool(Keys.METRICS_HOST_LABEL);
        Path bearerTokenFile = secretFile(f, Keys.METRICS_BEARER_TOKEN_FILE);
        Path basicAuthFile = secretFile(f, Keys.METRICS_BASIC_AUTH_FILE);

        Integer maxSessions = f.integer(Keys.MAX_SESSIONS, 1, MAX_SESSIONS_LIMIT);
        Integer perAddress = f.integer(Keys.MAX_SESSIONS_PER_ADDRESS, 1, MAX_SESSIONS_LIMIT);
        Integer authAttempts = f.integer(Keys.MAX_AUTH_ATTEMPTS, 1, MAX_AUTH_ATTEMPTS_LIMIT);
        Duration idleTimeout = f.duration(Keys.IDLE_TIMEOUT, Duration.ofSeconds(1));
        Long maxFile = f.size(Keys.MAX_FILE_SIZE, 0, Long.MAX_VALUE);
        Long buffer = f.size(Keys.BUFFER_PER_FILE, MIN_BUFFER, MAX_BUFFER);

        ReceiverConfig.Enrolment enrolment = enrolment(f);

        if (!Boolean.FALSE.equals(metricsEnabled)) {
            checkDistinct(f, sshListen, Keys.SSH_LISTEN, metricsListen, Keys.METRICS_LISTEN);
        }
        if (Boolean.TRUE.equals(nfsEnabled)) {
            checkDistinct(f, sshListen, Keys.SSH_LISTEN, nfsListen, Keys.NFS_LISTEN);
            if (!Boolean.FALSE.equals(metricsEnabled)) {
                checkDistinct(f, metricsListen, Keys.METRICS_LISTEN, nfsListen, Keys.NFS_LISTEN);
            }
        }

        errors.throwIfAny();
        return new ReceiverConfig(
                stateDir,
                new ReceiverConfig.Storage(storageRoot, minFree),
                new ReceiverConfig.Encryption(recipients),
                new ReceiverConfig.Compression(level),
                new ReceiverConfig.Ssh(sshListen, authorizedKeys),
                new ReceiverConfig.Nfs(nfsEnabled, nfsListen, export, clients, nfsHosts, mountPort, portmap, portmapPort),
                new ReceiverConfig.Metrics(metricsEnabled, metricsListen, hostLabel, bearerTokenFile, basicAuthFile),
                new ReceiverConfig.Limits(maxSessions, perAddress, authAttempts, idleTimeout, maxFile, buffer),
                enrolment,
                source);
    }

    private static ReceiverConfig.Enrolment enrolment(Fields f) {
        Boolean passwordEnabled = f.bool(Keys.ENROL_PASSWORD_ENABLED);
        List<String> passwordClients = cidrs(f, Keys.ENROL_PASSWORD_CLIENTS);
        if (Boolean.TRUE.equals(passwordEnabled) && passwordClients != null && passwordClients.isEmpty()) {
            // A fleet-wide password usable from anywhere is what this feature must not become.
            // Blame the value the sysadmin wrote, not the default it met.
            if (f.isFromFile(Keys.ENROL_PASSWORD_CLIENTS)) {
                f.error(Keys.ENROL_PASSWORD_CLIENTS, "is empty although enrolment.password_enabled is true, so the"
                        + " password could be used from nowhere; list the networks hosts enrol from, e.g. 10.0.0.0/8");
            } else {
                f.error(Keys.ENROL_PASSWORD_ENABLED, "is true but enrolment.password_clients is not set; list the"
                        + " networks hosts enrol from there, e.g. [10.0.0.0/8]");
            }
        }
        Integer v4 = f.integer(Keys.ENROL_BIND_PREFIX_IPV4, 0, 32);
        Integer v6 = f.integer(Keys.ENROL_BIND_PREFIX_IPV6, 0, 128);
        Integer maxFailures = f.integer(Keys.ENROL_MAX_FAILURES, 1, 1000);
        Duration window = f.duration(Keys.ENROL_FAILURE_WINDOW, Duration.ofSeconds(1));
        Duration ban = f.duration(Keys.ENROL_BAN, Duration.ofSeconds(1));
        Duration backoff = f.duration(Keys.ENROL_BACKOFF, Duration.ZERO);
        if (passwordEnabled == null || passwordClients == null || v4 == null || v6 == null || maxFailures == null
                || window == null || ban == null || backoff == null) {
            return null;
        }
        return new ReceiverConfig.Enrolment(passwordEnabled, passwordClients, v4, v6, maxFailures, window, ban,
                backoff);
    }

    private static Path writableDir(Fields f, String key) {
        Path dir = f.path(key);
        if (dir != null) {
            String problem = Directories.writableProblem(dir);
            if (problem != null) {
                f.error(key, problem);
                return null;
            }
        }
        return dir;
    }

    /** An optional file holding a secret: unset is fine; set, it must be readable and not world-readable. */
    private static Path secretFile(Fields f, String key) {
        if (!f.isSet(key)) {
            return null;
        }
        Path file = f.path(key);
        if (file != null) {
            String problem = SecretFiles.problem(file);
            if (problem != null) {
                f.error(key, problem);
                return null;
            }
        }
        return file;
    }

    private static List<String> recipients(Fields f, Function<String, String> recipientProblem) {
        List<Fields.Item> items = f.list(Keys.RECIPIENTS);
        if (items == null) {
            return null;
        }
        List<String> recipients = new ArrayList<>();
        for (Fields.Item item : items) {
            String recipient = item.text().strip();
            if (recipient.toUpperCase(Locale.ROOT).startsWith("AGE-SECRET-KEY-")) {
                // Never echo a secret key into logs; tell the sysadmin to move it away.
                f.error(item, "this is an age secret key; list the public key (age1...) here and keep the"
                        + " secret key off this host");
                continue;
            }
            String problem;
            try {
                problem = recipientProblem.apply(recipient);
            } catch (RuntimeException e) {
                problem = "could not be checked: " + e.getMessage();
            }
            if (problem != null) {
                f.error(item, "'" + recipient + "' is not an age public key: " + problem);
            } else {
                recipients.add(recipient);
            }
        }
        return recipients;
    }

    private static List<String> cidrs(Fields f, String key) {
        List<Fields.Item> items = f.list(key);
        if (items == null) {
            return null;
        }
        List<String> clients = new ArrayList<>();
        for (Fields.Item item : items) {
            String cidr = item.text().strip();
            String problem = Cidr.problem(cidr);
            if (problem != null) {
                f.error(item, problem);
            } else {
                clients.add(cidr);
            }
        }
        return clients;
    }

    /** {@code nfs.hosts}: client address (IPv4 or IPv6 literal) to the host name its dumps are filed under. */
    private static Map<String, String> nfsHosts(Fields f) {
        List<Fields.Entry> entries = f.map(Keys.NFS_HOSTS);
        if (entries == null) {
            return null;
        }
        Map<String, String> hosts = new LinkedHashMap<>();
        for (Fields.Entry e : entries) {
            String address = e.mapKey().strip();
            String host = e.value().strip();
            String hostProblem = HostNames.problem(host);
            if (!IpLiterals.isIpv4(address) && !IpLiterals.isIpv6(address)) {
                f.error(e, "'" + address + "' is not an IPv4 or IPv6 address; map client addresses to host names,"
                        + " e.g. 10.0.2.15: web-17");
            } else if (hostProblem != null) {
                f.error(e, hostProblem);
            } else {
                hosts.put(address, host);
            }
        }
        return hosts;
    }

    private static void checkDistinct(Fields f, HostPort a, String aKey, HostPort b, String bKey) {
        if (a != null && b != null && a.port() != 0 && a.equals(b)) {
            // Blame the value the sysadmin wrote, not the default it collided with.
            if (f.isFromFile(aKey) && !f.isFromFile(bKey)) {
                f.error(aKey, a + " is also used by " + bKey + "; each listener needs its own port");
            } else {
                f.error(bKey, b + " is also used by " + aKey + "; each listener needs its own port");
            }
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
