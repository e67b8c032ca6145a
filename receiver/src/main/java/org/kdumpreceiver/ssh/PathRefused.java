package org.kdumpreceiver.ssh;

import java.io.IOException;

/** A path operation the client may not do; the message goes to the client and the log. */
final class PathRefused extends IOException {
    private final String reason;

    PathRefused(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
