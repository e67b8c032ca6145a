package org.kdumpreceiver.crypto;

import java.util.List;

/**
 * A parsed age header. {@code macInput} is the exact header bytes up to and including "---",
 * because the MAC covers the bytes as written, not a re-encoding.
 */
record Header(List<Stanza> stanzas, byte[] macInput, byte[] mac, long length) {
    static final String VERSION_LINE = "age-encryption.org/v1";
    static final int MAC_BYTES = 32;
}
