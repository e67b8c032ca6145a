package org.kdumpreceiver.nfs;

import org.kdumpreceiver.ingest.RejectReason;

/**
 * An NFS operation refused: {@code error} is what the client is told (each version in its own code, see
 * {@link NfsError}), {@code reason} what the event and metrics say ({@code path-escape}, {@code finished-file},
 * {@code not-found}...).
 */
final class NfsRefused extends Exception {
    private final NfsError error;
    private final RejectReason reason;

    NfsRefused(NfsError error, RejectReason reason, String message) {
        super(message, null, false, false);
        this.error = error;
        this.reason = reason;
    }

    NfsError error() {
        return error;
    }

    RejectReason reason() {
        return reason;
    }
}
