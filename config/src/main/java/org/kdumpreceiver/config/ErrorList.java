package org.kdumpreceiver.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects problems so a sysadmin sees all of them in one run instead of one per restart. */
final class ErrorList {

    private final List<ConfigError> errors = new ArrayList<>();

    void add(String file, int line, String key, String message) {
        errors.add(new ConfigError(file, line, key, message));
    }

    void add(String file, Node node, String key, String message) {
        add(file, line(node), key, message);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void throwIfAny() throws ConfigException {
        if (!errors.isEmpty()) {
            List<ConfigError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparing(ConfigError::file).thenComparingInt(ConfigError::line));
            throw new ConfigException(sorted);
        }
    }

    /** 1-based line where the node starts; 0 if unknown. */
    static int line(Node node) {
        Mark mark = node == null ? null : node.getStartMark();
        return mark == null ? 0 : mark.getLine() + 1;
    }
}
