package org.kdumpreceiver.store;

import java.io.IOException;

/**
 * A store refusal or failure with a message an operator (and, relayed by a front end, a client) can
 * act on. {@code reason} is a stable token for metrics and the manifest.
 */
public class StoreException extends IOException {
    private final String reason;

    public StoreException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StoreException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
