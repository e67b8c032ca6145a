package org.kdumpreceiver.nfs;

import java.io.IOException;
import org.kdumpreceiver.store.DumpStore;
import java.time.Instant;
import java.util.List;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcDispatchable;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.store.HostIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** NFS version 3 (RFC 1813), program 100003: the procedures a kdump client's write path uses. */
final class Nfs3Program implements RpcDispatchable {
    static final int PROGRAM = 100003;
    static final int VERSION = 3;
    private static final Logger LOG = LoggerFactory.getLogger("nfs");
    private static final int FH_MAX = 64;
    private static final int NAME_MAX = 1024;
    private static final int UNSTABLE = 0;
    /** Failure results carry this many "not present" attribute flags after the status, by procedure. */
    private static final int[] FAIL_FLAGS = {0, 0, 2, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 4, 3, 1, 1, 1, 1, 1, 2};

    private final Exports exports;
    private final ClientAccess access;
    private final NfsEvents events;

    Nfs3Program(Exports exports, ClientAccess access, NfsEvents events) {
        this.exports = exports;
        this.access = access;
        this.events = events;
    }

    @Override
    public void dispatchOncRpcCall(RpcCall call) throws OncRpcException, IOException {
        int proc = call.getProcedure();
        if (proc == 0) {
            call.reply(Xdr.reply(out -> { }));
            return;
        }
        if (proc < 0 || proc >= FAIL_FLAGS.length) {
            call.failProcedureUnavailable();
            return;
        }
        HostIdentity host = access.admit(call, events, "nfs call");
        if (host == null) {
            return;
        }
        String address = ClientAccess.text(call.getTransport().getRemoteSocketAddress().getAddress());
        Xdr.Encoder result;
        try {
            // oncrpc4j rewinds the arguments after decoding, so each procedure runs inside the decode.
            result = Xdr.decode(call, in -> handle(proc, new Request(call, in, host, address)));
        } catch (NfsRefused e) {
            events.rejected(host, address, OPS[proc], e);
            int status = e.error().v3();
            result = out -> {
                out.xdrEncodeInt(status);
                for (int i = 0; i < FAIL_FLAGS[proc]; i++) {
                    out.xdrEncodeBoolean(false);
                }
            };
        } catch (Xdr.MalformedCall | org.dcache.oncrpc4j.xdr.BadXdrOncRpcException e) {
            LOG.debug("garbage arguments from {}: {}", address, e.getMessage());
            call.failRpcGarbage();
            return;
        }
        call.reply(Xdr.reply(result));
    }

    private static final String[] OPS = {"NULL", "GETATTR", "SETATTR", "LOOKUP", "ACCESS", "READLINK", "READ",
        "WRITE", "CREATE", "MKDIR", "SYMLINK", "MKNOD", "REMOVE", "RMDIR", "RENAME", "LINK", "READDIR",
        "READDIRPLUS", "FSSTAT", "FSINFO", "PATHCONF", "COMMIT"};

    private record Request(RpcCall call, XdrDecodingStream in, HostIdentity host, String address) {}

    private Xdr.Encoder handle(int proc, Request r) throws NfsRefused, IOException {
        return switch (proc) {
            case 1 -> getattr(r);
            case 2 -> setattr(r);
            case 3 -> lookup(r);
            case 4 -> access(r);
            case 6 -> read(r);
            case 7 -> write(r);
            case 8 -> create(r);
            case 9 -> mkdir(r);
            case 12 -> remove(r);
            case 13 -> rmdir(r);
            case 14 -> rename(r);
            case 16 -> readdir(r, false);
            case 17 -> readdir(r, true);
            case 18 -> fsstat(r);
            case 19 -> fsinfo(r);
            case 20 -> pathconf(r);
            case 21 -> commit(r);
            default -> {
                handleArg(r);
                throw new NfsRefused(NfsError.NOTSUPP, RejectReason.NOT_PERMITTED, OPS[proc] + " is not served");
            }
        };
    }

    private Node node(Request r) throws NfsRefused, IOException {
        return exports.node(Xdr.opaque(r.in, FH_MAX), r.host);
    }

    private void handleArg(Request r) throws IOException {
        Xdr.opaque(r.in, FH_MAX);
    }

    private Dir dir(Request r) throws NfsRefused, IOException {
        Node n = node(r);
        if (!(n instanceof Dir d)) {
            throw new NfsRefused(NfsError.NOTDIR, RejectReason.NOT_DIRECTORY, "not a directory");
        }
        return d;
    }

    private static NfsFile file(Node n) throws NfsRefused {
        if (!(n instanceof NfsFile f)) {
            throw new NfsRefused(NfsError.ISDIR, RejectReason.IS_DIRECTORY, "'" + n.name + "' is a directory");
        }
        return f;
    }

    // ---- procedures

    private Xdr.Encoder getattr(Request r) throws NfsRefused, IOException {
        Node n = node(r);
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            fattr(out, n);
        };
    }

    private Xdr.Encoder setattr(Request r) throws NfsRefused, IOException {
        Node n = node(r);
        Sattr s = Sattr.read(r.in, exports.now());
        if (r.in.xdrDecodeBoolean()) {  // guard: ctime must match
            long sec = r.in.xdrDecodeInt() & 0xffffffffL;
            int nsec = r.in.xdrDecodeInt();
            if (n.ctime.getEpochSecond() != sec || n.ctime.getNano() != nsec) {
                throw new NfsRefused(NfsError.NOT_SYNC, RejectReason.NOT_SYNC, "ctime changed");
            }
        }
        n.owner.setattr(n, s.mode, s.size, s.atime, s.mtime);
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            wcc(out, n);
        };
    }

    private Xdr.Encoder lookup(Request r) throws NfsRefused, IOException {
        Dir d = dir(r);
        String name = Xdr.string(r.in, NAME_MAX);
        Node n = d.owner.lookup(d, name);
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            out.xdrEncodeDynamicOpaque(exports.handle(n));
            postOp(out, n);
            postOp(out, d);
        };
    }

    private Xdr.Encoder access(Request r) throws NfsRefused, IOException {
        Node n = node(r);
        int asked = r.in.xdrDecodeInt();
        int result = asked & n.access();
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            postOp(out, n);
            out.xdrEncodeInt(result);
        };
    }

    private Xdr.Encoder read(Request r) throws NfsRefused, IOException {
        NfsFile f = file(node(r));
        long offset = r.in.xdrDecodeLong();
        int count = Math.min(Math.max(r.in.xdrDecodeInt(), 0), Exports.MAX_IO);
        byte[] data = f.owner.read(f, offset, count);
        boolean eof = offset + data.length >= f.size;
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            postOp(out, f);
            out.xdrEncodeInt(data.length);
            out.xdrEncodeBoolean(eof);
            out.xdrEncodeDynamicOpaque(data);
        };
    }

    private Xdr.Encoder write(Request r) throws NfsRefused, IOException {
        NfsFile f = file(node(r));
        long offset = r.in.xdrDecodeLong();
        r.in.xdrDecodeInt();  // count; the data's own length is what counts
        r.in.xdrDecodeInt();  // stable: answered UNSTABLE whatever was asked (docs/nfs.md, Durability)
        byte[] data = Xdr.opaque(r.in, Exports.MAX_IO);
        f.owner.write(f, offset, data);
        byte[] verf = exports.verifier();
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            wcc(out, f);
            out.xdrEncodeInt(data.length);
            out.xdrEncodeInt(UNSTABLE);
            out.xdrEncodeOpaque(verf, 8);
        };
    }

    private Xdr.Encoder create(Request r) throws NfsRefused, IOException {
        Dir d = dir(r);
        String name = Xdr.string(r.in, NAME_MAX);
        int createhow3 = r.in.xdrDecodeInt();
        CreateMode how = switch (createhow3) {
            case 0 -> CreateMode.UNCHECKED;
            case 1 -> CreateMode.GUARDED;
            case 2 -> CreateMode.EXCLUSIVE;
            default -> throw new Xdr.MalformedCall("createmode " + createhow3);
        };
        Sattr s = null;
        byte[] verifier = null;
        if (how == CreateMode.EXCLUSIVE) {
            verifier = r.in.xdrDecodeOpaque(8);
        } else {
            s = Sattr.read(r.in, exports.now());
        }
        NfsFile f = d.owner.create(d, name, how, s == null ? null : s.mode, s == null ? null : s.size, verifier,
                r.address);
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            out.xdrEncodeBoolean(true);
            out.xdrEncodeDynamicOpaque(exports.handle(f));
            postOp(out, f);
            wcc(out, d);
        };
    }

    private Xdr.Encoder mkdir(Request r) throws NfsRefused, IOException {
        Dir d = dir(r);
        String name = Xdr.string(r.in, NAME_MAX);
        Sattr s = Sattr.read(r.in, exports.now());
        Dir made = d.owner.mkdir(d, name, s.mode, r.address);
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            out.xdrEncodeBoolean(true);
            out.xdrEncodeDynamicOpaque(exports.handle(made));
            postOp(out, made);
            wcc(out, d);
        };
    }

    private Xdr.Encoder remove(Request r) throws NfsRefused, IOException {
        Dir d = dir(r);
        d.owner.remove(d, Xdr.string(r.in, NAME_MAX));
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            wcc(out, d);
        };
    }

    private Xdr.Encoder rmdir(Request r) throws NfsRefused, IOException {
        Dir d = dir(r);
        d.owner.rmdir(d, Xdr.string(r.in, NAME_MAX));
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            wcc(out, d);
        };
    }

    private Xdr.Encoder rename(Request r) throws NfsRefused, IOException {
        Dir from = dir(r);
        String fromName = Xdr.string(r.in, NAME_MAX);
        Dir to = dir(r);
        String toName = Xdr.string(r.in, NAME_MAX);
        from.owner.rename(from, fromName, to, toName);
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            wcc(out, from);
            wcc(out, to);
        };
    }

    private Xdr.Encoder readdir(Request r, boolean plus) throws NfsRefused, IOException {
        Dir d = dir(r);
        long cookie = r.in.xdrDecodeLong();
        r.in.xdrDecodeOpaque(8);  // cookie verifier: the listing is small and always served from the start
        int dircount = r.in.xdrDecodeInt();
        int max = plus ? r.in.xdrDecodeInt() : dircount;
        List<Node> entries = d.owner.list(d);
        if (cookie < 0 || cookie > entries.size()) {
            throw new NfsRefused(NfsError.BAD_COOKIE, RejectReason.BAD_COOKIE, "cookie " + cookie);
        }
        int budget = Math.max(max, 512) - 128;
        int end = (int) cookie;
        int used = 0;
        while (end < entries.size()) {
            // entry3: value_follows, fileid, name, cookie; the name's XDR size as NFSv4 counts it
            int size = 4 + 8 + Xdr.size(entries.get(end).name) + 8 + (plus ? 120 : 0);
            if (used + size > budget && end > cookie) {
                break;
            }
            used += size;
            end++;
        }
        if (end == cookie && end < entries.size()) {
            throw new NfsRefused(NfsError.TOOSMALL, RejectReason.TOO_SMALL, "count " + max);
        }
        int first = (int) cookie;
        int last = end;
        boolean eof = end == entries.size();
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            postOp(out, d);
            out.xdrEncodeOpaque(new byte[8], 8);
            for (int i = first; i < last; i++) {
                Node n = entries.get(i);
                out.xdrEncodeBoolean(true);
                out.xdrEncodeLong(n.id);
                Xdr.string(out, n.name);
                out.xdrEncodeLong(i + 1);
                if (plus) {
                    postOp(out, n);
                    out.xdrEncodeBoolean(true);
                    out.xdrEncodeDynamicOpaque(exports.handle(n));
                }
            }
            out.xdrEncodeBoolean(false);
            out.xdrEncodeBoolean(eof);
        };
    }

    private Xdr.Encoder fsstat(Request r) throws NfsRefused, IOException {
        Node n = node(r);
        DumpStore.Space space = exports.ingest().space();
        long total = space.total();
        long free = space.free();
        long avail = space.usable();
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            postOp(out, n);
            out.xdrEncodeLong(total);
            out.xdrEncodeLong(free);
            out.xdrEncodeLong(avail);
            out.xdrEncodeLong(FileSystemLimits.FILES_TOTAL);
            out.xdrEncodeLong(FileSystemLimits.FILES_FREE);
            out.xdrEncodeLong(FileSystemLimits.FILES_FREE);  // afiles
            out.xdrEncodeInt(0);
        };
    }

    private Xdr.Encoder fsinfo(Request r) throws NfsRefused, IOException {
        Node n = node(r);
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            postOp(out, n);
            out.xdrEncodeInt(Exports.MAX_IO);  // rtmax
            out.xdrEncodeInt(Exports.MAX_IO);  // rtpref
            out.xdrEncodeInt(4096);    // rtmult
            out.xdrEncodeInt(Exports.MAX_IO);  // wtmax
            out.xdrEncodeInt(Exports.MAX_IO);  // wtpref
            out.xdrEncodeInt(4096);    // wtmult
            out.xdrEncodeInt(65536);   // dtpref
            out.xdrEncodeLong(FileSystemLimits.MAX_FILE_SIZE);
            out.xdrEncodeInt(0);
            out.xdrEncodeInt(1);       // time_delta 1 ns
            out.xdrEncodeInt(0x8 | 0x10);  // FSF3_HOMOGENEOUS | FSF3_CANSETTIME
        };
    }

    private Xdr.Encoder pathconf(Request r) throws NfsRefused, IOException {
        Node n = node(r);
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            postOp(out, n);
            out.xdrEncodeInt(FileSystemLimits.LINK_MAX);
            out.xdrEncodeInt(FileSystemLimits.NAME_MAX);
            out.xdrEncodeBoolean(true);   // no_trunc
            out.xdrEncodeBoolean(true);   // chown_restricted
            out.xdrEncodeBoolean(false);  // case_insensitive
            out.xdrEncodeBoolean(true);   // case_preserving
        };
    }

    /**
     * COMMIT: waits until the WRITEs answered so far are in the sealing pipeline (WriteQueue). The reply carries
     * this daemon start's verifier; see docs/nfs.md for what is and is not promised.
     */
    private Xdr.Encoder commit(Request r) throws NfsRefused, IOException {
        NfsFile f = file(node(r));
        r.in.xdrDecodeLong();
        r.in.xdrDecodeInt();
        f.owner.commit(f);
        byte[] verf = exports.verifier();
        return out -> {
            out.xdrEncodeInt(NfsStatus.OK);
            wcc(out, f);
            out.xdrEncodeOpaque(verf, 8);
        };
    }

    // ---- attributes

    private record Sattr(Integer mode, Long size, Instant atime, Instant mtime) {
        static Sattr read(XdrDecodingStream in, Instant now) throws IOException, NfsRefused {
            Integer mode = in.xdrDecodeBoolean() ? in.xdrDecodeInt() : null;
            if (in.xdrDecodeBoolean()) {
                in.xdrDecodeInt();  // uid: ignored
            }
            if (in.xdrDecodeBoolean()) {
                in.xdrDecodeInt();  // gid: ignored
            }
            Long size = in.xdrDecodeBoolean() ? in.xdrDecodeLong() : null;
            if (size != null && size < 0) {
                // A size3 past 2^63 decodes fine but no file can have it: INVAL, as NFSv4 answers it.
                throw new NfsRefused(NfsError.INVAL, RejectReason.BAD_SIZE, "size " + Long.toUnsignedString(size));
            }
            return new Sattr(mode, size, time(in, now), time(in, now));
        }

        private static Instant time(XdrDecodingStream in, Instant now) throws IOException {
            int how = in.xdrDecodeInt();
            return switch (how) {
                case 0 -> null;
                case 1 -> now;  // SET_TO_SERVER_TIME: the receiver's clock
                case 2 -> Instant.ofEpochSecond(in.xdrDecodeInt() & 0xffffffffL, in.xdrDecodeInt() & 0x3fffffff);
                default -> throw new Xdr.MalformedCall("time_how " + how);
            };
        }
    }

    private void postOp(XdrEncodingStream out, Node n) {
        out.xdrEncodeBoolean(true);
        fattr(out, n);
    }

    private void wcc(XdrEncodingStream out, Node n) {
        out.xdrEncodeBoolean(false);
        postOp(out, n);
    }

    private void fattr(XdrEncodingStream out, Node n) {
        boolean dir = n.isDirectory();
        out.xdrEncodeInt(dir ? 2 : 1);  // NF3DIR : NF3REG
        out.xdrEncodeInt(n.mode);
        out.xdrEncodeInt(dir ? 2 : 1);  // nlink
        out.xdrEncodeInt(0);            // uid
        out.xdrEncodeInt(0);            // gid
        long size = n.size();
        out.xdrEncodeLong(size);
        out.xdrEncodeLong(size);        // used
        out.xdrEncodeInt(0);            // rdev
        out.xdrEncodeInt(0);
        out.xdrEncodeLong(FileSystemLimits.fsid(exports));
        out.xdrEncodeLong(n.id);        // fileid
        time(out, n.atime);
        time(out, n.mtime);
        time(out, n.ctime);
    }

    private static void time(XdrEncodingStream out, Instant t) {
        out.xdrEncodeInt((int) t.getEpochSecond());
        out.xdrEncodeInt(t.getNano());
    }
}
