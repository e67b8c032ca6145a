package org.kdumpreceiver.nfs;

import org.kdumpreceiver.ingest.RejectReason;

/**
 * An NFS operation refused with {@code status}; {@code reason} is what the event and metrics say
 * ({@code path-escape}, {@code finished-file}, {@code not-found}...).
 */
final class NfsRefused extends Exception {
    private final int status;
    private final RejectReason reason;

    NfsRefused(int status, RejectReason reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    int status() {
        return status;
    }

    RejectReason reason() {
        return reason;
    }
}
