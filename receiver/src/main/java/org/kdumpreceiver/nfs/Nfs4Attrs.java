package org.kdumpreceiver.nfs;

import java.io.IOException;
import org.kdumpreceiver.store.DumpStore;
import java.time.Instant;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;
import org.kdumpreceiver.ingest.RejectReason;

/**
 * NFSv4 attributes (fattr4, RFC 8881 section 5): the ones a Linux client asks for on the dump path are
 * answered, the rest are left out of the reply's mask as the protocol allows. Settable: mode, size and
 * the two times; owner and group are accepted and ignored, as the caller's uid is (AUTH_SYS identity is
 * the client address, see docs/nfs.md).
 */
final class Nfs4Attrs {
    static final int SUPPORTED_ATTRS = 0;
    static final int TYPE = 1;
    static final int FH_EXPIRE_TYPE = 2;
    static final int CHANGE = 3;
    static final int SIZE = 4;
    static final int LINK_SUPPORT = 5;
    static final int SYMLINK_SUPPORT = 6;
    static final int NAMED_ATTR = 7;
    static final int FSID = 8;
    static final int UNIQUE_HANDLES = 9;
    static final int LEASE_TIME = 10;
    static final int RDATTR_ERROR = 11;
    static final int ACLSUPPORT = 13;
    static final int CANSETTIME = 15;
    static final int CASE_INSENSITIVE = 16;
    static final int CASE_PRESERVING = 17;
    static final int CHOWN_RESTRICTED = 18;
    static final int FILEHANDLE = 19;
    static final int FILEID = 20;
    static final int FILES_AVAIL = 21;
    static final int FILES_FREE = 22;
    static final int FILES_TOTAL = 23;
    static final int HOMOGENEOUS = 26;
    static final int MAXFILESIZE = 27;
    static final int MAXLINK = 28;
    static final int MAXNAME = 29;
    static final int MAXREAD = 30;
    static final int MAXWRITE = 31;
    static final int MODE = 33;
    static final int NO_TRUNC = 34;
    static final int NUMLINKS = 35;
    static final int OWNER = 36;
    static final int OWNER_GROUP = 37;
    static final int RAWDEV = 41;
    static final int SPACE_AVAIL = 42;
    static final int SPACE_FREE = 43;
    static final int SPACE_TOTAL = 44;
    static final int SPACE_USED = 45;
    static final int TIME_ACCESS = 47;
    static final int TIME_ACCESS_SET = 48;
    static final int TIME_DELTA = 51;
    static final int TIME_METADATA = 52;
    static final int TIME_MODIFY = 53;
    static final int TIME_MODIFY_SET = 54;
    static final int MOUNTED_ON_FILEID = 55;
    static final int SUPPATTR_EXCLCREAT = 75;

    static final int[] SUPPORTED = mask(SUPPORTED_ATTRS, TYPE, FH_EXPIRE_TYPE, CHANGE, SIZE, LINK_SUPPORT,
            SYMLINK_SUPPORT, NAMED_ATTR, FSID, UNIQUE_HANDLES, LEASE_TIME, RDATTR_ERROR, ACLSUPPORT, CANSETTIME,
            CASE_INSENSITIVE, CASE_PRESERVING, CHOWN_RESTRICTED, FILEHANDLE, FILEID, FILES_AVAIL, FILES_FREE,
            FILES_TOTAL, HOMOGENEOUS, MAXFILESIZE, MAXLINK, MAXNAME, MAXREAD, MAXWRITE, MODE, NO_TRUNC, NUMLINKS,
            OWNER, OWNER_GROUP, RAWDEV, SPACE_AVAIL, SPACE_FREE, SPACE_TOTAL, SPACE_USED, TIME_ACCESS,
            TIME_ACCESS_SET, TIME_DELTA, TIME_METADATA, TIME_MODIFY, TIME_MODIFY_SET, MOUNTED_ON_FILEID,
            SUPPATTR_EXCLCREAT);
    /** What an EXCLUSIVE4_1 OPEN may set along with its verifier. */
    static final int[] EXCLUSIVE_SETTABLE = mask(MODE);
    private static final int MAX_MASK_WORDS = 8;
    /** Pseudo directories get file ids far above any node id. */
    private static final long PSEUDO_FILEID = 1L << 62;
    private static final int FH4_PERSISTENT = 0;
    private static final int ROOT_MODE = 0555;

    private final Exports exports;
    private final int leaseSeconds;
    private final int maxIo;

    Nfs4Attrs(Exports exports, int leaseSeconds, int maxIo) {
        this.exports = exports;
        this.leaseSeconds = leaseSeconds;
        this.maxIo = maxIo;
    }

    static int[] mask(int... bits) {
        int words = 0;
        for (int b : bits) {
            words = Math.max(words, b / 32 + 1);
        }
        int[] m = new int[words];
        for (int b : bits) {
            m[b / 32] |= 1 << (b % 32);
        }
        return m;
    }

    static boolean has(int[] mask, int bit) {
        return bit / 32 < mask.length && (mask[bit / 32] & (1 << (bit % 32))) != 0;
    }

    static int[] readMask(XdrDecodingStream in) throws IOException {
        int n = in.xdrDecodeInt();
        if (n < 0 || n > MAX_MASK_WORDS) {
            throw new Xdr.MalformedCall("bitmap of " + (n & 0xffffffffL) + " words");
        }
        int[] m = new int[n];
        for (int i = 0; i < n; i++) {
            m[i] = in.xdrDecodeInt();
        }
        return m;
    }

    static void writeMask(XdrEncodingStream out, int[] mask) {
        int n = mask.length;
        while (n > 0 && mask[n - 1] == 0) {
            n--;
        }
        out.xdrEncodeInt(n);
        for (int i = 0; i < n; i++) {
            out.xdrEncodeInt(mask[i]);
        }
    }

    /** The values asked for that are served, as a finished fattr4 (mask and values). */
    Fattr encode(Nfs4Fh target, int[] asked) throws IOException {
        int[] answered = new int[SUPPORTED.length];
        XdrBytes.Writer w = new XdrBytes.Writer();
        View v = view(target);
        DumpStore.Space space = null;
        for (int bit = 0; bit < SUPPORTED.length * 32; bit++) {
            if (!has(asked, bit) || !has(SUPPORTED, bit) || bit == TIME_ACCESS_SET || bit == TIME_MODIFY_SET) {
                continue;
            }
            if ((bit >= FILES_AVAIL && bit <= FILES_TOTAL || bit >= SPACE_AVAIL && bit <= SPACE_TOTAL)
                    && space == null) {
                space = space();
            }
            answered[bit / 32] |= 1 << (bit % 32);
            switch (bit) {
                case SUPPORTED_ATTRS -> {
                    w.u32(SUPPORTED.length);
                    for (int word : SUPPORTED) {
                        w.u32(word);
                    }
                }
                case TYPE -> w.u32(v.dir ? 2 : 1);  // NF4DIR : NF4REG
                case FH_EXPIRE_TYPE -> w.u32(FH4_PERSISTENT);
                case CHANGE -> w.u64(change(v.ctime));
                case SIZE -> w.u64(v.size);
                case LINK_SUPPORT, SYMLINK_SUPPORT, NAMED_ATTR, CASE_INSENSITIVE -> w.bool(false);
                case UNIQUE_HANDLES, CANSETTIME, CASE_PRESERVING, CHOWN_RESTRICTED, HOMOGENEOUS, NO_TRUNC ->
                    w.bool(true);
                case FSID -> w.u64(FileSystemLimits.fsid(exports)).u64(0);
                case LEASE_TIME -> w.u32(leaseSeconds);
                case RDATTR_ERROR -> w.u32(Nfs4Status.OK);
                case ACLSUPPORT -> w.u32(0);
                case FILEHANDLE -> w.opaque(handle(target));
                case FILEID, MOUNTED_ON_FILEID -> w.u64(v.fileid);
                case FILES_AVAIL, FILES_FREE -> w.u64(FileSystemLimits.FILES_FREE);
                case FILES_TOTAL -> w.u64(FileSystemLimits.FILES_TOTAL);
                case MAXFILESIZE -> w.u64(FileSystemLimits.MAX_FILE_SIZE);
                case MAXLINK -> w.u32(FileSystemLimits.LINK_MAX);
                case MAXNAME -> w.u32(FileSystemLimits.NAME_MAX);
                case MAXREAD, MAXWRITE -> w.u64(maxIo);
                case MODE -> w.u32(v.mode);
                case NUMLINKS -> w.u32(v.dir ? 2 : 1);
                case OWNER, OWNER_GROUP -> w.string("0");
                case RAWDEV -> w.u32(0).u32(0);
                case SPACE_AVAIL -> w.u64(space.usable());
                case SPACE_FREE -> w.u64(space.free());
                case SPACE_TOTAL -> w.u64(space.total());
                case SPACE_USED -> w.u64((v.size + 4095) & ~4095L);
                case TIME_ACCESS -> time(w, v.atime);
                case TIME_DELTA -> w.u64(0).u32(1);
                case TIME_METADATA -> time(w, v.ctime);
                case TIME_MODIFY -> time(w, v.mtime);
                case SUPPATTR_EXCLCREAT -> {
                    w.u32(EXCLUSIVE_SETTABLE.length);
                    for (int word : EXCLUSIVE_SETTABLE) {
                        w.u32(word);
                    }
                }
                default -> throw new IllegalStateException("attribute " + bit);
            }
        }
        return new Fattr(answered, w.bytes());
    }

    byte[] handle(Nfs4Fh target) {
        return target instanceof Nfs4Fh.Real r ? exports.handle(r.node())
                : exports.pseudoHandle(((Nfs4Fh.Pseudo) target).depth());
    }

    /** A fattr4 ready to write: the mask of what is answered and the values in mask order. */
    record Fattr(int[] mask, byte[] values) {
        void write(XdrEncodingStream out) {
            writeMask(out, mask);
            out.xdrEncodeDynamicOpaque(values);
        }

        int encodedSize() {
            return 4 + 4 * mask.length + 4 + ((values.length + 3) & ~3);
        }
    }

    /** Settable attributes a client sent (SETATTR, OPEN's and CREATE's createattrs); null = not sent. */
    record Settable(int[] mask, Integer mode, Long size, Instant atime, Instant mtime) {
        static final Settable NONE = new Settable(new int[0], null, null, null, null);
    }

    /**
     * Reads a client's fattr4. An attribute that is not settable is {@link Nfs4Status#ATTRNOTSUPP}
     * (unknown to us) or {@link Nfs4Status#INVAL} (known but read-only), as RFC 8881 18.30.4 says.
     */
    static Settable readSettable(XdrDecodingStream in, Instant now) throws IOException, NfsRefused {
        int[] mask = readMask(in);
        byte[] vals = Xdr.opaque(in, 64 * 1024);
        XdrBytes.Reader r = new XdrBytes.Reader(vals);
        Integer mode = null;
        Long size = null;
        Instant atime = null;
        Instant mtime = null;
        for (int bit = 0; bit < mask.length * 32; bit++) {
            if (!has(mask, bit)) {
                continue;
            }
            switch (bit) {
                case SIZE -> {
                    size = r.u64();
                    if (size < 0) {
                        throw new NfsRefused(NfsError.INVAL, RejectReason.BAD_SIZE, "size " + Long.toUnsignedString(size));
                    }
                }
                case MODE -> mode = r.u32() & 07777;
                case OWNER, OWNER_GROUP -> r.opaque(1024);
                case TIME_ACCESS_SET -> atime = settime(r, now);
                case TIME_MODIFY_SET -> mtime = settime(r, now);
                default -> {
                    boolean known = has(SUPPORTED, bit);
                    throw new NfsRefused(known ? NfsError.INVAL : NfsError.ATTRNOTSUPP, RejectReason.BAD_ATTRIBUTE,
                            "attribute " + bit + (known ? " is read-only" : " is not supported"));
                }
            }
        }
        return new Settable(mask, mode, size, atime, mtime);
    }

    private static Instant settime(XdrBytes.Reader r, Instant now) throws IOException {
        int how = r.u32();
        if (how == 0) {
            return now;  // SET_TO_SERVER_TIME4: the receiver's clock
        }
        if (how != 1) {
            throw new Xdr.MalformedCall("time_how4 " + how);
        }
        long sec = r.u64();
        int nsec = r.u32();
        if (nsec < 0 || nsec > 999_999_999) {
            throw new Xdr.MalformedCall("nseconds " + (nsec & 0xffffffffL));
        }
        return Instant.ofEpochSecond(sec, nsec);
    }

    /** The change attribute (and change_info4's values): the ctime in nanoseconds. */
    static long change(Instant ctime) {
        return ctime.getEpochSecond() * 1_000_000_000L + ctime.getNano();
    }

    private static void time(XdrBytes.Writer w, Instant t) {
        w.u64(t.getEpochSecond()).u32(t.getNano());
    }

    private record View(boolean dir, int mode, long size, long fileid, Instant atime, Instant mtime, Instant ctime) {
    }

    private View view(Nfs4Fh target) {
        if (target instanceof Nfs4Fh.Real r) {
            Node n = r.node();
            return new View(n.isDirectory(), n.mode, n.size(), n.id, n.atime, n.mtime, n.ctime);
        }
        Instant t = exports.started();
        return new View(true, ROOT_MODE, 4096, PSEUDO_FILEID + ((Nfs4Fh.Pseudo) target).depth(), t, t, t);
    }

    private DumpStore.Space space() throws IOException {
        return exports.ingest().space();
    }
}
