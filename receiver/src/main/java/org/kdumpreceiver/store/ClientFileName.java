package org.kdumpreceiver.store;

import java.nio.charset.StandardCharsets;
import org.kdumpreceiver.ingest.RejectReason;

/** The checks a client's file name must pass before it names anything in the store. */
final class ClientFileName {
    /** Leaves room for the {@code .zst.age} suffix within a 255-byte file name. */
    static final int MAX_BYTES = 200;

    private ClientFileName() {}

    static String check(String name) throws StoreException {
        String problem = null;
        if (name == null || name.isEmpty()) {
            problem = "empty file name";
        } else if (name.equals(".") || name.equals("..")) {
            problem = "'" + name + "' is not a file name";
        } else if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            problem = "file name '" + printable(name) + "' contains '/' or NUL";
        } else if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            problem = "file name longer than " + MAX_BYTES + " bytes";
        }
        if (problem != null) {
            throw new StoreException(RejectReason.BAD_NAME, problem);
        }
        return name;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
