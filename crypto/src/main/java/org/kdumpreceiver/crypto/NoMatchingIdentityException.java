package org.kdumpreceiver.crypto;

import java.io.IOException;

/** None of the supplied identities is a recipient of the sealed file. */
public class NoMatchingIdentityException extends IOException {
    private static final long serialVersionUID = 1L;

    public NoMatchingIdentityException(String message) {
        super(message);
    }
}
