package org.kdumpreceiver.crypto;

/** A recipient, identity or identity file does not hold a usable age X25519 key. */
public class KeyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }
}
