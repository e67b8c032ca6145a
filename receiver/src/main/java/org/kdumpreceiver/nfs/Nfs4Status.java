package org.kdumpreceiver.nfs;

/** NFSv4.1 status codes (RFC 8881, nfsstat4) on the wire; {@link NfsError} says which error is which. */
final class Nfs4Status {
    static final int OK = 0;
    static final int NOENT = 2;
    static final int IO = 5;
    static final int ACCESS = 13;
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
    static final int BAD_COOKIE = 10003;
    static final int NOTSUPP = 10004;
    static final int TOOSMALL = 10005;
    static final int SERVERFAULT = 10006;
    static final int BADTYPE = 10007;
    static final int DELAY = 10008;
    static final int NOFILEHANDLE = 10020;
    static final int MINOR_VERS_MISMATCH = 10021;
    static final int STALE_CLIENTID = 10022;
    static final int BAD_STATEID = 10025;
    static final int RESTOREFH = 10030;
    static final int ATTRNOTSUPP = 10032;
    static final int NO_GRACE = 10033;
    static final int BADXDR = 10036;
    static final int BADNAME = 10041;
    static final int OP_ILLEGAL = 10044;
    static final int BADSESSION = 10052;
    static final int BADSLOT = 10053;
    static final int COMPLETE_ALREADY = 10054;
    static final int SEQ_MISORDERED = 10063;
    static final int SEQUENCE_POS = 10064;
    static final int RETRY_UNCACHED_REP = 10068;
    static final int TOO_MANY_OPS = 10070;
    static final int OP_NOT_IN_SESSION = 10071;
    static final int CLIENTID_BUSY = 10074;
    static final int NOT_ONLY_OP = 10081;

    private Nfs4Status() {
    }
}
