package org.kdumpreceiver.config;

/**
 * The grammar of host names, the one rule for every place a host is named: {@code nfs.hosts}, tokens'
 * {@code --host}, {@code hosts add}, authorized_keys {@code host=} and key comments, and the store, where a
 * host name is a directory under the storage root. So it is restricted to characters that can never leave that
 * directory, and must begin with a letter or digit: a leading '-' would read as an option to the tools an
 * operator points at the directory, a leading '.' would hide it.
 */
public final class HostNames {
    public static final int MAX_LENGTH = 253;
    private static final String PUNCTUATION = "._:%-";

    private HostNames() {
    }

    /** @return null if {@code name} is a usable host name, otherwise what is wrong with it */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a host name cannot be empty";
        }
        String quoted = "'" + name + "' is not a usable host name: ";
        if (name.length() > MAX_LENGTH) {
            return quoted + "it has " + name.length() + " characters, at most " + MAX_LENGTH + " are allowed";
        }
        if (!isLetterOrDigit(name.charAt(0))) {
            return quoted + "it must start with a letter or digit";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLetterOrDigit(c) && PUNCTUATION.indexOf(c) < 0) {
                return quoted + "'" + c + "' is not allowed; use letters, digits and . _ : % -";
            }
        }
        if (name.contains("..")) {
            return quoted + "it contains '..'";
        }
        return null;
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
