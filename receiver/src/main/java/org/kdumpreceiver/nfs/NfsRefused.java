package org.kdumpreceiver.nfs;

/**
 * An NFS operation refused with {@code status}; {@code reason} is a bounded token for events and metrics
 * ({@code path-escape}, {@code finished-file}, {@code not-found}...).
 */
final class NfsRefused extends Exception {
    private final int status;
    private final String reason;

    NfsRefused(int status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }
}
