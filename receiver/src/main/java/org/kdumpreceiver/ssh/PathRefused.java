package org.kdumpreceiver.ssh;

import java.io.IOException;
import org.kdumpreceiver.ingest.RejectReason;

/** A path operation the client may not do; the message goes to the client and the log. */
final class PathRefused extends IOException {
    private final RejectReason reason;

    PathRefused(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    RejectReason reason() {
        return reason;
    }
}
