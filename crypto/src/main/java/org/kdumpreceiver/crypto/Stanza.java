package org.kdumpreceiver.crypto;

import java.util.List;

/** One recipient stanza of an age header: "-> type args..." followed by a base64 body. */
record Stanza(String type, List<String> args, byte[] body) {
    Stanza {
        args = List.copyOf(args);
    }
}
