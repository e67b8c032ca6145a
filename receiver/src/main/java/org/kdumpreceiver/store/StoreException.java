package org.kdumpreceiver.store;

import java.io.IOException;
import org.kdumpreceiver.ingest.RejectReason;

/**
 * A store refusal or failure with a message an operator (and, relayed by a front end, a client) can
 * act on. {@code reason} is what front ends report and relay; a failure of the store itself also says
 * how it cut the file it was writing ({@link #failure()}).
 */
public class StoreException extends IOException {
    private final RejectReason reason;
    private final transient StorageFailure failure;

    /** A refusal: nothing was written, nothing is cut. */
    public StoreException(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
        this.failure = null;
    }

    StoreException(StorageFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.reason = failure.refusal();
        this.failure = failure;
    }

    public RejectReason reason() {
        return reason;
    }

    /** The store's own failure, or null for a refusal. */
    StorageFailure failure() {
        return failure;
    }
}
