package org.kdumpreceiver.bench;

/** A deterministic, endless-until-done byte stream generated on the fly (never held in memory). */
interface Source {
    /** Fills up to {@code len} bytes; returns the count, or -1 at the end. Fills fully unless at the end. */
    int fill(byte[] buf, int off, int len);

    /** A short label for reports. */
    String name();

    /** A fresh copy of this source from its start (same seed, same bytes). */
    Source restart();
}
