package org.kdumpreceiver.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One config document reduced to its known keys: {@code "limits.max_sessions" -> node}. Nodes are
 * kept (not converted) so that later errors can point at the value's line. Structural problems
 * (syntax, unknown or duplicate keys, a value where a section belongs) are reported here.
 */
final class YamlFile {

    private final String name;
    private final Map<String, Node> values;

    private YamlFile(String name, Map<String, Node> values) {
        this.name = name;
        this.values = values;
    }

    String name() {
        return name;
    }

    /** The value node for a leaf key, or null when the key is absent or explicitly empty. */
    Node get(String key) {
        return values.get(key);
    }

    /**
     * @return the parsed file, or null if it could not be read as a mapping at all (the reason is
     *     in {@code errors}); a file that is empty or only comments yields an empty YamlFile
     */
    static YamlFile parse(String name, String text, ErrorList errors) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            // SnakeYAML's wording for the commonest slip, a mis-indented key, does not say so.
            String hint = "";
            if (problem != null && problem.contains("mapping values are not allowed")) {
                hint = "; check the indentation, and quote values that contain ': '";
            } else if (e.getContext() != null && e.getContext().contains("flow")) {
                // Typically an unquoted IPv6 listen address: [::]:22 starts a YAML list.
                hint = "; a value starting with '[' or '{' is a YAML list or map, quote it, e.g. \"[::]:22\"";
            }
            errors.add(name, line, "(yaml)", "syntax error: " + problem + context + hint);
            return null;
        } catch (YAMLException e) {
            errors.add(name, 0, "(yaml)", "cannot parse: " + e.getMessage());
            return null;
        }
        Map<String, Node> values = new LinkedHashMap<>();
        if (root == null || isNull(root)) {
            return new YamlFile(name, values);
        }
        if (!(root instanceof MappingNode mapping)) {
            errors.add(name, root, "(document)", "the file must be a mapping of keys such as 'state_dir: ...' and"
                    + " 'storage:', but it is " + describe(root));
            return null;
        }
        new Walker(name, values, errors).section("", mapping);
        return new YamlFile(name, values);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    static String describe(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a section of keys";
        }
        return "the value '" + ((ScalarNode) node).getValue() + "'";
    }

    private record Walker(String file, Map<String, Node> values, ErrorList errors) {

        void section(String section, MappingNode mapping) {
            Map<String, Integer> seen = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                Node valueNode = tuple.getValueNode();
                if (!(keyNode instanceof ScalarNode scalarKey)) {
                    errors.add(file, keyNode, section.isEmpty() ? "(document)" : section,
                            "keys must be plain names, found " + describe(keyNode));
                    continue;
                }
                String name = scalarKey.getValue();
                String path = Keys.join(section, name);
                Integer firstLine = seen.putIfAbsent(name, ErrorList.line(keyNode));
                if (firstLine != null) {
                    errors.add(file, keyNode, path, "set twice (first on line " + firstLine + "); remove one");
                    continue;
                }
                if (!Keys.CHILDREN.get(section).contains(name)) {
                    errors.add(file, keyNode, path, unknownKeyMessage(section, name));
                    continue;
                }
                if (Keys.isSection(path)) {
                    if (valueNode instanceof MappingNode child) {
                        section(path, child);
                    } else if (!isNull(valueNode)) {
                        errors.add(file, valueNode, path, "must be a section of indented keys, e.g. '" + name
                                + ":' then '  " + Keys.ALL.stream().filter(k -> k.startsWith(path + "."))
                                .findFirst().map(k -> k.substring(path.length() + 1)).orElse("key")
                                + ": ...' on the next line; found " + describe(valueNode));
                    }
                } else if (!isNull(valueNode)) {
                    values.put(path, valueNode);
                }
            }
        }
    }

    static String unknownKeyMessage(String section, String name) {
        List<String> siblings = siblings(section);
        String close = Suggestions.closest(name, siblings);
        if (close != null) {
            return "unknown key; did you mean " + Keys.join(section, close) + "?";
        }
        // Right name in the wrong place, e.g. max_sessions at the top level, or a dotted key
        // written flat ("storage.root: ...") instead of nested.
        for (String key : Keys.ALL) {
            if (key.equals(name)) {
                return "unknown key; did you mean " + key + " (write it nested: '" + key.replace(".", ":' then '  ")
                        + ": ...')?";
            }
            if (key.endsWith("." + name)) {
                return "unknown key here; did you mean " + key + "?";
            }
        }
        for (String key : Keys.ALL) {
            String leaf = key.substring(key.indexOf('.') + 1);
            if (key.contains(".") && Suggestions.closest(name, List.of(leaf)) != null) {
                return "unknown key here; did you mean " + key + "?";
            }
        }
        return "unknown key; valid keys " + (section.isEmpty() ? "at the top level" : "in " + section) + ": "
                + String.join(", ", siblings);
    }

    private static List<String> siblings(String section) {
        Set<String> names = new LinkedHashSet<>();
        for (String key : Keys.ALL) {
            if (section.isEmpty()) {
                int dot = key.indexOf('.');
                names.add(dot < 0 ? key : key.substring(0, dot));
            } else if (key.startsWith(section + ".")) {
                names.add(key.substring(section.length() + 1));
            }
        }
        return List.copyOf(names);
    }
}
