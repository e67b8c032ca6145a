package org.kdumpreceiver.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every key a config file may contain. Other modules and the docs rely on these exact names. */
final class Keys {

    static final String STATE_DIR = "state_dir";
    static final String STORAGE_ROOT = "storage.root";
    static final String STORAGE_MIN_FREE = "storage.min_free";
    static final String RECIPIENTS = "encryption.recipients";
    static final String COMPRESSION_LEVEL = "compression.level";
    static final String SSH_LISTEN = "ssh.listen";
    static final String SSH_AUTHORIZED_KEYS = "ssh.authorized_keys";
    static final String NFS_ENABLED = "nfs.enabled";
    static final String NFS_LISTEN = "nfs.listen";
    static final String NFS_EXPORT = "nfs.export";
    static final String NFS_CLIENTS = "nfs.clients";
    static final String NFS_HOSTS = "nfs.hosts";
    static final String NFS_MOUNT_PORT = "nfs.mount_port";
    static final String NFS_PORTMAP = "nfs.portmap";
    static final String NFS_PORTMAP_PORT = "nfs.portmap_port";
    static final String METRICS_LISTEN = "metrics.listen";
    static final String METRICS_ENABLED = "metrics.enabled";
    static final String METRICS_HOST_LABEL = "metrics.host_label";
    static final String METRICS_BEARER_TOKEN_FILE = "metrics.bearer_token_file";
    static final String METRICS_BASIC_AUTH_FILE = "metrics.basic_auth_file";
    static final String MAX_SESSIONS = "limits.max_sessions";
    static final String MAX_SESSIONS_PER_ADDRESS = "limits.max_sessions_per_address";
    static final String MAX_AUTH_ATTEMPTS = "limits.max_auth_attempts";
    static final String IDLE_TIMEOUT = "limits.idle_timeout";
    static final String MAX_FILE_SIZE = "limits.max_file_size";
    static final String BUFFER_PER_FILE = "limits.buffer_per_file";
    static final String ENROL_PASSWORD_ENABLED = "enrolment.password_enabled";
    static final String ENROL_PASSWORD_CLIENTS = "enrolment.password_clients";
    static final String ENROL_BIND_PREFIX_IPV4 = "enrolment.bind_prefix_ipv4";
    static final String ENROL_BIND_PREFIX_IPV6 = "enrolment.bind_prefix_ipv6";
    static final String ENROL_MAX_FAILURES = "enrolment.max_failures";
    static final String ENROL_FAILURE_WINDOW = "enrolment.failure_window";
    static final String ENROL_BAN = "enrolment.ban";
    static final String ENROL_BACKOFF = "enrolment.backoff";

    /** All leaf keys, in the order the printer writes them. */
    static final List<String> ALL = List.of(
            STATE_DIR, STORAGE_ROOT, STORAGE_MIN_FREE, RECIPIENTS, COMPRESSION_LEVEL,
            SSH_LISTEN, SSH_AUTHORIZED_KEYS, NFS_ENABLED, NFS_LISTEN, NFS_EXPORT, NFS_CLIENTS,
            NFS_HOSTS, NFS_MOUNT_PORT, NFS_PORTMAP, NFS_PORTMAP_PORT,
            METRICS_ENABLED, METRICS_LISTEN, METRICS_HOST_LABEL, METRICS_BEARER_TOKEN_FILE, METRICS_BASIC_AUTH_FILE,
            MAX_SESSIONS, MAX_SESSIONS_PER_ADDRESS, MAX_AUTH_ATTEMPTS, IDLE_TIMEOUT,
            MAX_FILE_SIZE, BUFFER_PER_FILE,
            ENROL_PASSWORD_ENABLED, ENROL_PASSWORD_CLIENTS, ENROL_BIND_PREFIX_IPV4, ENROL_BIND_PREFIX_IPV6,
            ENROL_MAX_FAILURES, ENROL_FAILURE_WINDOW, ENROL_BAN, ENROL_BACKOFF);

    /** Section ("" for the top level) to the names allowed directly inside it. */
    static final Map<String, Set<String>> CHILDREN = children();

    private Keys() {
    }

    static boolean isSection(String path) {
        return !path.isEmpty() && CHILDREN.containsKey(path);
    }

    static String join(String section, String name) {
        return section.isEmpty() ? name : section + "." + name;
    }

    private static Map<String, Set<String>> children() {
        Map<String, Set<String>> children = new LinkedHashMap<>();
        children.put("", new LinkedHashSet<>());
        for (String key : ALL) {
            int dot = key.indexOf('.');
            if (dot < 0) {
                children.get("").add(key);
            } else {
                String section = key.substring(0, dot);
                children.get("").add(section);
                children.computeIfAbsent(section, s -> new LinkedHashSet<>()).add(key.substring(dot + 1));
            }
        }
        children.replaceAll((section, names) -> Set.copyOf(names));
        return Map.copyOf(children);
    }
}
