package org.kdumpreceiver.ingest;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a client reached the receiver: the {@code protocol} of events, manifests and metric labels. SSH dumps are
 * all {@code ssh} (dd, cat, scp and SFTP uploads alike); {@code sftp} names the SFTP subsystem in the events of
 * its refused requests.
 */
public enum Protocol {
    SSH("ssh"),
    SFTP("sftp"),
    NFS("nfs"),
    IMPORT("import");

    private static final Map<String, Protocol> BY_TOKEN =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Protocol::token, Function.identity()));

    private final String token;

    Protocol(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** A token read back from a manifest or an event; empty for anything else. */
    public static Optional<Protocol> of(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(BY_TOKEN.get(token));
    }

    @Override
    public String toString() {
        return token;
    }
}
