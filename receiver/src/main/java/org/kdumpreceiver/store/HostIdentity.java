package org.kdumpreceiver.store;

import org.kdumpreceiver.config.HostNames;

/**
 * The host a dump belongs to, as the receiver decided it (from the client's key, config or address),
 * never from a path the client sent. It names a directory under the storage root; {@link HostNames} is the
 * rule, shared with the config's checks so that a name {@code check-config} accepts is one the store takes.
 */
public record HostIdentity(String name) {

    public HostIdentity {
        String problem = HostNames.problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Whether {@code name} would be accepted, without building one. */
    public static boolean valid(String name) {
        return HostNames.problem(name) == null;
    }

    @Override
    public String toString() {
        return name;
    }
}
