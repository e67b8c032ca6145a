package org.kdumpreceiver.ssh;

import java.util.ArrayList;
import java.util.List;
import org.kdumpreceiver.ingest.RejectReason;

/**
 * A path as the client means it, inside its own virtual tree: absolute, normalised, never climbing
 * with {@code ..} (refused outright rather than resolved, so {@code /var/crash/../../etc} is an error
 * the client and the log can see, not a silently different directory).
 */
record ClientPath(List<String> parts) {
    static final ClientPath ROOT = new ClientPath(List.of());

    ClientPath {
        parts = List.copyOf(parts);
    }

    /** {@code text} relative paths are taken from the root, as they are for a session whose home is /. */
    static ClientPath parse(String text) throws PathRefused {
        if (text == null || text.isEmpty()) {
            throw new PathRefused(RejectReason.BAD_PATH, "empty path");
        }
        if (text.indexOf('\0') >= 0) {
            throw new PathRefused(RejectReason.BAD_PATH, "path contains NUL");
        }
        List<String> parts = new ArrayList<>();
        for (String p : text.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw new PathRefused(RejectReason.PATH_ESCAPE,
                        "'" + printable(text) + "': '..' is not allowed in paths here");
            }
            parts.add(p);
        }
        return new ClientPath(parts);
    }

    boolean isRoot() {
        return parts.isEmpty();
    }

    ClientPath parent() {
        return isRoot() ? this : new ClientPath(parts.subList(0, parts.size() - 1));
    }

    String name() {
        return isRoot() ? "/" : parts.get(parts.size() - 1);
    }

    ClientPath child(String name) {
        List<String> next = new ArrayList<>(parts);
        next.add(name);
        return new ClientPath(next);
    }

    boolean startsWith(ClientPath prefix) {
        return parts.size() >= prefix.parts.size() && parts.subList(0, prefix.parts.size()).equals(prefix.parts);
    }

    @Override
    public String toString() {
        return "/" + String.join("/", parts);
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
