package org.kdumpreceiver.nfs;

/**
 * What an NFSv4 file handle names: a node of the caller's own view of the export, or one of the
 * read-only directories between "/" and the export (NFSv4 clients start at the root and LOOKUP each
 * component of the export path).
 */
sealed interface Nfs4Fh {
    /** A directory or file of the caller's host. */
    record Real(Node node) implements Nfs4Fh {
    }

    /** The directory {@code depth} components below "/" on the way to the export (0 is "/"). */
    record Pseudo(int depth) implements Nfs4Fh {
    }
}
