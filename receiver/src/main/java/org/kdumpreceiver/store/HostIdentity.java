package org.kdumpreceiver.store;

import java.util.regex.Pattern;

/**
 * The host a dump belongs to, as the receiver decided it (from the client's key, config or address),
 * never from a path the client sent. It names a directory under the storage root, so it is restricted
 * to characters that cannot escape that directory.
 */
public record HostIdentity(String name) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:%-]{0,252}");

    public HostIdentity {
        if (!valid(name)) {
            throw new IllegalArgumentException("not a usable host name: '" + name
                    + "' (letters, digits, '.', '_', ':', '%', '-'; must start with a letter or digit; no '..')");
        }
    }

    /** Whether {@code name} would be accepted, without building one. */
    public static boolean valid(String name) {
        return name != null && SAFE.matcher(name).matches() && !name.contains("..");
    }

    @Override
    public String toString() {
        return name;
    }
}
