package org.kdumpreceiver.format;

import java.util.Locale;

/** Outcome of a completeness check on a stored dump file. */
public enum Verdict {
    COMPLETE, TRUNCATED, UNKNOWN;

    /** The lowercase label used in logs, metadata and file names. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
