package org.kdumpreceiver.ssh;

import org.kdumpreceiver.ingest.RejectReason;

/**
 * An exec string that is not in the closed grammar. {@code status} is what the client gets: 127 for a
 * command that does not exist here, 126 for one that exists but not in this form; {@code reason} is what
 * the event and metrics say.
 */
final class CommandRefused extends Exception {
    static final int NOT_FOUND = 127;
    static final int NOT_PERMITTED = 126;

    private final int status;
    private final RejectReason reason;

    CommandRefused(int status, RejectReason reason, String message) {
        super(message);
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
