package org.kdumpreceiver.nfs;

/**
 * Why an NFS operation failed, in words of neither version. The code that both versions share (HostExport,
 * Exports, NfsFile) raises these; NFSv3 and NFSv4.1 translate at their reply with {@link #v3()} and {@link #v4()}.
 * The mapping is here and nowhere else: most errors have the same number in both RFCs, a few exist in one only.
 */
enum NfsError {
    NOENT(NfsStatus.NOENT, Nfs4Status.NOENT),
    IO(NfsStatus.IO, Nfs4Status.IO),
    ACCESS(NfsStatus.ACCES, Nfs4Status.ACCESS),
    EXIST(NfsStatus.EXIST, Nfs4Status.EXIST),
    XDEV(NfsStatus.XDEV, Nfs4Status.XDEV),
    NOTDIR(NfsStatus.NOTDIR, Nfs4Status.NOTDIR),
    ISDIR(NfsStatus.ISDIR, Nfs4Status.ISDIR),
    INVAL(NfsStatus.INVAL, Nfs4Status.INVAL),
    FBIG(NfsStatus.FBIG, Nfs4Status.FBIG),
    NOSPC(NfsStatus.NOSPC, Nfs4Status.NOSPC),
    NAMETOOLONG(NfsStatus.NAMETOOLONG, Nfs4Status.NAMETOOLONG),
    NOTEMPTY(NfsStatus.NOTEMPTY, Nfs4Status.NOTEMPTY),
    STALE(NfsStatus.STALE, Nfs4Status.STALE),
    BADHANDLE(NfsStatus.BADHANDLE, Nfs4Status.BADHANDLE),
    BAD_COOKIE(NfsStatus.BAD_COOKIE, Nfs4Status.BAD_COOKIE),
    NOTSUPP(NfsStatus.NOTSUPP, Nfs4Status.NOTSUPP),
    TOOSMALL(NfsStatus.TOOSMALL, Nfs4Status.TOOSMALL),
    SERVERFAULT(NfsStatus.SERVERFAULT, Nfs4Status.SERVERFAULT),
    /** SETATTR's guard (v3 only): NFSv4 has no guard, and no NOT_SYNC; INVAL is its nearest word. */
    NOT_SYNC(NfsStatus.NOT_SYNC, Nfs4Status.INVAL),

    // NFSv4.1 only: raised by the v4 operations and its session state, never on the v3 path. Should one reach a
    // v3 reply, that is a server fault, which is what v3 then says.
    BADTYPE(Nfs4Status.BADTYPE),
    DELAY(Nfs4Status.DELAY),
    NOFILEHANDLE(Nfs4Status.NOFILEHANDLE),
    STALE_CLIENTID(Nfs4Status.STALE_CLIENTID),
    BAD_STATEID(Nfs4Status.BAD_STATEID),
    RESTOREFH(Nfs4Status.RESTOREFH),
    ATTRNOTSUPP(Nfs4Status.ATTRNOTSUPP),
    NO_GRACE(Nfs4Status.NO_GRACE),
    BADNAME(Nfs4Status.BADNAME),
    OP_ILLEGAL(Nfs4Status.OP_ILLEGAL),
    BADSESSION(Nfs4Status.BADSESSION),
    BADSLOT(Nfs4Status.BADSLOT),
    COMPLETE_ALREADY(Nfs4Status.COMPLETE_ALREADY),
    SEQ_MISORDERED(Nfs4Status.SEQ_MISORDERED),
    SEQUENCE_POS(Nfs4Status.SEQUENCE_POS),
    RETRY_UNCACHED_REP(Nfs4Status.RETRY_UNCACHED_REP),
    TOO_MANY_OPS(Nfs4Status.TOO_MANY_OPS),
    OP_NOT_IN_SESSION(Nfs4Status.OP_NOT_IN_SESSION),
    CLIENTID_BUSY(Nfs4Status.CLIENTID_BUSY),
    NOT_ONLY_OP(Nfs4Status.NOT_ONLY_OP);

    private final int v3;
    private final int v4;

    NfsError(int v3, int v4) {
        this.v3 = v3;
        this.v4 = v4;
    }

    NfsError(int v4only) {
        this(NfsStatus.SERVERFAULT, v4only);
    }

    /** The nfsstat3 of an NFSv3 reply. */
    int v3() {
        return v3;
    }

    /** The nfsstat4 of an NFSv4.1 operation's result. */
    int v4() {
        return v4;
    }
}
