package org.kdumpreceiver.ssh;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises ssh-copy-id's install command (docs/clients.md#ssh-copy-id-install-strings) by its structure
 * rather than one exact string, since OpenSSH 8.0, 8.6-9.2 and 9.6+ each send different bytes:
 * {@code exec sh -c '<script>'} whose script appends standard input ({@code cat >> FILE}) to a file named
 * {@code authorized_keys}, either directly or through {@code AUTH_KEY_FILE=...}. Nothing of the script is
 * run; recognising it only decides that stdin holds public keys to enrol.
 */
final class CopyIdInstall {
    private static final Pattern CAT_APPEND = Pattern.compile("cat\\s*>>\\s*(\"([^\"]*)\"|([^\\s;|&\"]+))");
    private static final Pattern AUTH_KEY_FILE = Pattern.compile("AUTH_KEY_FILE=(\"([^\"]*)\"|([^\\s;|&\"]+))");

    private CopyIdInstall() {}

    /** Whether {@code line} is the install command. */
    static boolean matches(String line) {
        List<ShellWords.Token> words;
        try {
            words = ShellWords.split(line);
        } catch (ShellWords.SyntaxError e) {
            return false;
        }
        int at = words.size() == 4 && words.get(0).text().equals("exec") ? 1 : 0;
        if (words.size() != at + 3 || words.stream().anyMatch(ShellWords.Token::operator)
                || !words.get(at).text().equals("sh") || !words.get(at + 1).text().equals("-c")) {
            return false;
        }
        String script = words.get(at + 2).text();
        Matcher cat = CAT_APPEND.matcher(script);
        String target = null;
        while (cat.find()) {
            target = cat.group(2) != null ? cat.group(2) : cat.group(3);
        }
        if (target == null) {
            return false;
        }
        if (target.contains("AUTH_KEY_FILE")) {
            Matcher assign = AUTH_KEY_FILE.matcher(script);
            if (!assign.find()) {
                return false;
            }
            target = assign.group(2) != null ? assign.group(2) : assign.group(3);
        }
        return target.equals("authorized_keys") || target.endsWith("/authorized_keys");
    }
}
