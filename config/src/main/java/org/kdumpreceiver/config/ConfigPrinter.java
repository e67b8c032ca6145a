package org.kdumpreceiver.config;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Prints the effective configuration in the config file's own layout, with sizes and durations in
 * human form, for {@code kdump-receiver check-config}. The output loads back to an equal config.
 */
public final class ConfigPrinter {

    // Plain scalars are easier to read; anything that could parse as other YAML gets quoted.
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./+-][A-Za-z0-9_./+@=:-]*");
    private static final Resolver RESOLVER = new Resolver();

    private ConfigPrinter() {
    }

    public static String toYaml(ReceiverConfig c) {
        StringBuilder out = new StringBuilder();
        out.append("# Effective kdump-receiver configuration (from ").append(c.source()).append(")\n");
        line(out, 0, "state_dir", path(c.stateDir()));
        out.append("\nstorage:\n");
        line(out, 1, "root", path(c.storage().root()));
        line(out, 1, "min_free", Sizes.format(c.storage().minFreeBytes()));
        out.append("\nencryption:\n");
        list(out, "recipients", c.encryption().recipients());
        out.append("\ncompression:\n");
        line(out, 1, "level", Integer.toString(c.compression().level()));
        out.append("\nssh:\n");
        line(out, 1, "listen", quote(c.ssh().listen().toString()));
        line(out, 1, "authorized_keys", path(c.ssh().authorizedKeys()));
        out.append("\nnfs:\n");
        line(out, 1, "enabled", Boolean.toString(c.nfs().enabled()));
        line(out, 1, "listen", quote(c.nfs().listen().toString()));
        line(out, 1, "export", quote(c.nfs().export()));
        list(out, "clients", c.nfs().clients());
        map(out, "hosts", c.nfs().hosts());
        line(out, 1, "mount_port", Integer.toString(c.nfs().mountPort()));
        line(out, 1, "portmap", Boolean.toString(c.nfs().portmap()));
        line(out, 1, "portmap_port", Integer.toString(c.nfs().portmapPort()));
        out.append("\nmetrics:\n");
        ReceiverConfig.Metrics m = c.metrics();
        line(out, 1, "enabled", Boolean.toString(m.enabled()));
        line(out, 1, "listen", quote(m.listen().toString()));
        line(out, 1, "host_label", Boolean.toString(m.hostLabel()));
        optionalPath(out, "bearer_token_file", m.bearerTokenFile());
        optionalPath(out, "basic_auth_file", m.basicAuthFile());
        out.append("\nlimits:\n");
        ReceiverConfig.Limits l = c.limits();
        line(out, 1, "max_sessions", Integer.toString(l.maxSessions()));
        line(out, 1, "max_sessions_per_address", Integer.toString(l.maxSessionsPerAddress()));
        line(out, 1, "max_auth_attempts", Integer.toString(l.maxAuthAttempts()));
        line(out, 1, "idle_timeout", Durations.format(l.idleTimeout()));
        line(out, 1, "max_file_size", Sizes.format(l.maxFileBytes()) + (l.maxFileBytes() == 0 ? "  # unlimited" : ""));
        line(out, 1, "buffer_per_file", Sizes.format(l.bufferBytesPerFile()));
        out.append("\nenrolment:\n");
        ReceiverConfig.Enrolment e = c.enrolment();
        line(out, 1, "password_enabled", Boolean.toString(e.passwordEnabled()));
        list(out, "password_clients", e.passwordClients());
        line(out, 1, "bind_prefix_ipv4", Integer.toString(e.bindPrefixIpv4()));
        line(out, 1, "bind_prefix_ipv6", Integer.toString(e.bindPrefixIpv6()));
        line(out, 1, "max_failures", Integer.toString(e.maxFailures()));
        line(out, 1, "failure_window", Durations.format(e.failureWindow()));
        line(out, 1, "ban", Durations.format(e.ban()));
        line(out, 1, "backoff", Durations.format(e.backoff()));
        return out.toString();
    }

    private static void line(StringBuilder out, int indent, String key, String value) {
        out.append("  ".repeat(indent)).append(key).append(": ").append(value).append('\n');
    }

    private static void list(StringBuilder out, String key, List<String> items) {
        if (items.isEmpty()) {
            line(out, 1, key, "[]");
            return;
        }
        out.append("  ").append(key).append(":\n");
        for (String item : items) {
            out.append("    - ").append(quote(item)).append('\n');
        }
    }

    private static void map(StringBuilder out, String key, java.util.Map<String, String> entries) {
        if (entries.isEmpty()) {
            line(out, 1, key, "{}");
            return;
        }
        out.append("  ").append(key).append(":\n");
        entries.forEach((k, v) -> out.append("    ").append(quote(k)).append(": ").append(quote(v)).append('\n'));
    }

    /** An unset path prints as an empty value, which loads back as unset. */
    private static void optionalPath(StringBuilder out, String key, Path p) {
        if (p == null) {
            out.append("  ").append(key).append(":  # none\n");
        } else {
            line(out, 1, key, path(p));
        }
    }

    private static String path(Path p) {
        return quote(p.toString());
    }

    static String quote(String s) {
        if (PLAIN.matcher(s).matches() && RESOLVER.resolve(NodeId.scalar, s, true).equals(Tag.STR)) {
            return s;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        q.append(String.format("\\x%02x", (int) ch));
                    } else {
                        q.append(ch);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
