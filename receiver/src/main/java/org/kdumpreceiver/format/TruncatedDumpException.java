package org.kdumpreceiver.format;

import java.io.IOException;

/** A dump stream that cannot be turned into a whole file because it is cut short or malformed. */
public class TruncatedDumpException extends IOException {
    private static final long serialVersionUID = 1L;

    public TruncatedDumpException(String message) {
        super(message);
    }
}
