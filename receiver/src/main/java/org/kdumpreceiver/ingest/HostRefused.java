package org.kdumpreceiver.ingest;

import java.io.IOException;

/**
 * Something a host asked that its {@link HostView} does not allow (another host's directory, too many
 * entries). The message goes to the client and the log; each front end maps {@link #reason()} to its own
 * protocol's error.
 */
public final class HostRefused extends IOException {
    private final RejectReason reason;

    public HostRefused(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
