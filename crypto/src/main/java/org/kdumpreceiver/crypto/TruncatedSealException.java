package org.kdumpreceiver.crypto;

/**
 * A sealed file ends without its final chunk, typically because the writer was killed mid-write.
 * Thrown only after the plaintext of every complete, authenticated chunk has been returned.
 */
public class TruncatedSealException extends SealedStreamException {
    private static final long serialVersionUID = 1L;

    public TruncatedSealException(String message) {
        super(message);
    }
}
