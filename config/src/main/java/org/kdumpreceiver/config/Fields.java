package org.kdumpreceiver.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads typed values by key, taking the config file's value when it sets one and the embedded
 * default otherwise. Every getter records a problem and returns null instead of throwing, so one
 * pass finds all errors.
 */
final class Fields {

    /** A value node and the file it came from. */
    record Value(String key, Node node, YamlFile from) {
    }

    /** One scalar list element, with its node for error lines. */
    record Item(String key, String text, Node node) {
    }

    /** One scalar-to-scalar entry of a mapping value, with its node for error lines. */
    record Entry(String key, String value, String mapKey, Node node) {
    }

    private final YamlFile file;
    private final YamlFile defaults;
    private final ErrorList errors;

    /** @param file the user's file, or null when loading only the defaults */
    Fields(YamlFile file, YamlFile defaults, ErrorList errors) {
        this.file = file;
        this.defaults = defaults;
        this.errors = errors;
    }

    /** Whether the value is set anywhere (file or default). */
    boolean isSet(String key) {
        return value(key) != null;
    }

    /** Whether the config file (rather than the default) sets the value. */
    boolean isFromFile(String key) {
        Value v = value(key);
        return v != null && v.from() == file;
    }

    /** Records a problem with the value of {@code key}. */
    void error(String key, String message) {
        Value v = value(key);
        if (v == null) {
            errors.add(file != null ? file.name() : defaults.name(), 0, key, message);
        } else {
            error(v, key, v.node(), message);
        }
    }

    void error(Item item, String message) {
        error(value(keyOf(item)), item.key(), item.node(), message);
    }

    private void error(Value v, String key, Node node, String message) {
        String hint = "";
        if (v.from() == defaults && file != null) {
            // The sysadmin cannot edit the built-in default, only override it.
            hint = " (this is the built-in default; set " + v.key() + " in " + file.name() + ")";
        }
        errors.add(v.from().name(), node, key, message + hint);
    }

    String text(String key) {
        Value v = value(key);
        if (v == null) {
            return null;
        }
        if (!(v.node() instanceof ScalarNode scalar)) {
            error(key, "expected a single value, found " + YamlFile.describe(v.node()));
            return null;
        }
        return scalar.getValue();
    }

    Path path(String key) {
        String text = text(key);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            error(key, "must not be empty; give a directory or file path");
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            error(key, "'" + text + "' is not a valid path: " + e.getReason());
            return null;
        }
    }

    Integer integer(String key, int min, int max) {
        String text = text(key);
        if (text == null) {
            return null;
        }
        String range = " between " + min + " and " + max;
        if (!text.strip().matches("[-+]?[0-9]{1,10}")) {
            error(key, "expected a whole number" + range + ", found '" + text + "'");
            return null;
        }
        long n = Long.parseLong(text.strip());
        if (n < min || n > max) {
            error(key, "must be" + range + ", found " + n);
            return null;
        }
        return (int) n;
    }

    Boolean bool(String key) {
        String text = text(key);
        if (text == null) {
            return null;
        }
        switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on":
                return true;
            case "false", "no", "off":
                return false;
            default:
                error(key, "expected true or false, found '" + text + "'");
                return null;
        }
    }

    Long size(String key, long min, long max) {
        String text = text(key);
        if (text == null) {
            return null;
        }
        long bytes;
        try {
            bytes = Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return null;
        }
        if (bytes < min || bytes > max) {
            error(key, "'" + text + "' is out of range; must be between " + Sizes.format(min) + " and "
                    + Sizes.format(max));
            return null;
        }
        return bytes;
    }

    Duration duration(String key, Duration min) {
        String text = text(key);
        if (text == null) {
            return null;
        }
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return null;
        }
        if (d.compareTo(min) < 0) {
            error(key, "'" + text + "' is too short; must be at least " + Durations.format(min));
            return null;
        }
        return d;
    }

    HostPort hostPort(String key) {
        String text = text(key);
        if (text == null) {
            return null;
        }
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return null;
        }
    }

    /** The scalar elements of a list; null if the value is not a list. Empty when unset. */
    List<Item> list(String key) {
        Value v = value(key);
        if (v == null) {
            return List.of();
        }
        if (!(v.node() instanceof SequenceNode sequence)) {
            error(key, "expected a list, e.g. [a, b] or one '- item' per line; found " + YamlFile.describe(v.node()));
            return null;
        }
        List<Item> items = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node element = sequence.getValue().get(i);
            String elementKey = key + "[" + i + "]";
            if (element instanceof ScalarNode scalar && !YamlFile.isNull(element)) {
                items.add(new Item(elementKey, scalar.getValue(), element));
            } else {
                error(v, elementKey, element, "expected a single value, found "
                        + (YamlFile.isNull(element) ? "an empty entry" : YamlFile.describe(element)));
                ok = false;
            }
        }
        return ok ? items : null;
    }

    /** The entries of a mapping of single values; null if the value is not such a mapping. Empty when unset. */
    List<Entry> map(String key) {
        Value v = value(key);
        if (v == null) {
            return List.of();
        }
        if (v.node() instanceof SequenceNode sequence && sequence.getValue().isEmpty()) {
            return List.of();
        }
        if (!(v.node() instanceof MappingNode mapping)) {
            error(key, "expected indented 'key: value' lines, e.g. '10.0.2.15: web-17', or {}; found "
                    + YamlFile.describe(v.node()));
            return null;
        }
        List<Entry> entries = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        boolean ok = true;
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode val
                    && !YamlFile.isNull(t.getValueNode())) {
                String entryKey = key + "." + k.getValue();
                if (!seen.add(k.getValue())) {
                    error(v, entryKey, k, "set twice; remove one");
                    ok = false;
                    continue;
                }
                entries.add(new Entry(entryKey, val.getValue(), k.getValue(), t.getValueNode()));
            } else {
                error(v, key, t.getKeyNode(), "expected 'key: value' with single values");
                ok = false;
            }
        }
        return ok ? entries : null;
    }

    void error(Entry entry, String message) {
        error(value(entry.key().substring(0, entry.key().length() - entry.mapKey().length() - 1)), entry.key(),
                entry.node(), message);
    }

    private Value value(String key) {
        if (file != null && file.get(key) != null) {
            return new Value(key, file.get(key), file);
        }
        Node node = defaults.get(key);
        return node == null ? null : new Value(key, node, defaults);
    }

    private static String keyOf(Item item) {
        return item.key().substring(0, item.key().indexOf('['));
    }
}
