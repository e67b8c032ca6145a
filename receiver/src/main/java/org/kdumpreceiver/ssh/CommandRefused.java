package org.kdumpreceiver.ssh;

/**
 * An exec string that is not in the closed grammar. {@code status} is what the client gets: 127 for a
 * command that does not exist here, 126 for one that exists but not in this form; {@code reason} is a
 * bounded token for metrics.
 */
final class CommandRefused extends Exception {
    static final int NOT_FOUND = 127;
    static final int NOT_PERMITTED = 126;

    private final int status;
    private final String reason;

    CommandRefused(int status, String reason, String message) {
        super(message);
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
