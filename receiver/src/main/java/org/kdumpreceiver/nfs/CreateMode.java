package org.kdumpreceiver.nfs;

/** How a client asked for a file to be created, in either version (createhow3, createmode4). */
enum CreateMode {
    /** Create the file, or use the one of that name. */
    UNCHECKED,
    /** Create the file; EXIST if the name is taken. */
    GUARDED,
    /** Create the file once for its verifier: a retransmission with the same verifier gets the same file. */
    EXCLUSIVE
}
