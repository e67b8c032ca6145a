package org.kdumpreceiver.nfs;

/** NFSv3 status codes (RFC 1813, nfsstat3) on the wire; {@link NfsError} says which error is which. */
final class NfsStatus {
    static final int OK = 0;
    static final int NOENT = 2;
    static final int IO = 5;
    static final int ACCES = 13;
    static final int EXIST = 17;
    static final int XDEV = 18;
    static final int NOTDIR = 20;
    static final int ISDIR = 21;
    static final int INVAL = 22;
    static final int FBIG = 27;
    static final int NOSPC = 28;
    static final int NAMETOOLONG = 63;
    static final int NOTEMPTY = 66;
    static final int STALE = 70;
    static final int BADHANDLE = 10001;
    static final int NOT_SYNC = 10002;
    static final int BAD_COOKIE = 10003;
    static final int NOTSUPP = 10004;
    static final int TOOSMALL = 10005;
    /** The answer to an error NFSv3 has no word for: only an NFSv4-only {@link NfsError}, which v3 never raises. */
    static final int SERVERFAULT = 10006;

    private NfsStatus() {
    }
}
