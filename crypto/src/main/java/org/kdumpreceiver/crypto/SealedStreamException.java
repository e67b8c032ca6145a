package org.kdumpreceiver.crypto;

import java.io.IOException;

/**
 * A sealed file is malformed or failed authentication (header, header MAC or a payload chunk).
 * No plaintext from the failing part is ever returned.
 */
public class SealedStreamException extends IOException {
    private static final long serialVersionUID = 1L;

    public SealedStreamException(String message) {
        super(message);
    }

    public SealedStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
