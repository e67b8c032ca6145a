package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;
import org.kdumpreceiver.ingest.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NFSv4.1 operations on file handles, names, attributes, directories and files: what a client's
 * mount and write path do once its session exists. They act on {@link HostExport}, as NFSv3's do.
 */
final class Nfs4FileOps {
    private static final Logger LOG = LoggerFactory.getLogger("nfs");
    private static final int FH_MAX = 128;
    private static final int NAME_MAX = 1024;
    private static final int UNSTABLE4 = 0;
    private static final int OPEN4_RESULT_LOCKTYPE_POSIX = 4;

    private final Nfs4State state;
    private final Exports exports;
    private final Nfs4Attrs attrs;

    Nfs4FileOps(Nfs4State state, Exports exports, Nfs4Attrs attrs) {
        this.state = state;
        this.exports = exports;
        this.attrs = attrs;
    }

    // ---- file handles and names

    Xdr.Encoder putfh(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        byte[] handle = Xdr.opaque(in, FH_MAX);
        int depth = exports.pseudoDepth(handle);
        c.current = depth >= 0 ? new Nfs4Fh.Pseudo(depth) : new Nfs4Fh.Real(exports.node(handle, c.host));
        return out -> { };
    }

    Xdr.Encoder putrootfh(Nfs4Compound c) {
        c.current = exports.exportPath().isEmpty() ? new Nfs4Fh.Real(exports.of(c.host).root) : new Nfs4Fh.Pseudo(0);
        return out -> { };
    }

    Xdr.Encoder getfh(Nfs4Compound c) throws NfsRefused {
        byte[] handle = attrs.handle(c.current());
        return out -> out.xdrEncodeDynamicOpaque(handle);
    }

    Xdr.Encoder savefh(Nfs4Compound c) throws NfsRefused {
        c.saved = c.current();
        return out -> { };
    }

    Xdr.Encoder restorefh(Nfs4Compound c) throws NfsRefused {
        if (c.saved == null) {
            throw new NfsRefused(NfsError.RESTOREFH, RejectReason.NO_FILEHANDLE, "no saved file handle");
        }
        c.current = c.saved;
        return out -> { };
    }

    static String component(XdrDecodingStream in) throws IOException, NfsRefused {
        String name = Xdr.string(in, NAME_MAX);
        if (name.isEmpty()) {
            throw new NfsRefused(NfsError.INVAL, RejectReason.BAD_NAME, "empty name");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new NfsRefused(NfsError.BADNAME, name.equals("..") ? RejectReason.PATH_ESCAPE : RejectReason.BAD_NAME,
                    "'" + name + "' is not a name in NFSv4");
        }
        HostExport.checkName(name);
        return name;
    }

    Xdr.Encoder lookup(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        Nfs4Fh fh = c.current();
        String name = component(in);
        if (fh instanceof Nfs4Fh.Pseudo p) {
            List<String> path = exports.exportPath();
            if (!path.get(p.depth()).equals(name)) {
                throw new NfsRefused(NfsError.NOENT, RejectReason.NOT_FOUND, "no '" + name + "'");
            }
            c.current = p.depth() + 1 == path.size() ? new Nfs4Fh.Real(exports.of(c.host).root)
                    : new Nfs4Fh.Pseudo(p.depth() + 1);
        } else {
            Dir d = c.currentDir("LOOKUP");
            c.current = new Nfs4Fh.Real(d.owner.lookup(d, name));
        }
        return out -> { };
    }

    Xdr.Encoder lookupp(Nfs4Compound c) throws NfsRefused {
        Nfs4Fh fh = c.current();
        List<String> path = exports.exportPath();
        if (fh instanceof Nfs4Fh.Pseudo p) {
            if (p.depth() == 0) {
                throw new NfsRefused(NfsError.NOENT, RejectReason.PATH_ESCAPE, "no parent of /");
            }
            c.current = new Nfs4Fh.Pseudo(p.depth() - 1);
        } else {
            Dir d = c.currentDir("LOOKUPP");
            if (d.parent != null) {
                c.current = new Nfs4Fh.Real(d.parent);
            } else if (!path.isEmpty()) {
                c.current = new Nfs4Fh.Pseudo(path.size() - 1);
            } else {
                throw new NfsRefused(NfsError.NOENT, RejectReason.PATH_ESCAPE, "no parent of /");
            }
        }
        return out -> { };
    }

    // ---- attributes and access

    Xdr.Encoder getattr(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        int[] asked = Nfs4Attrs.readMask(in);
        Nfs4Attrs.Fattr f = attrs.encode(c.current(), asked);
        return f::write;
    }

    Xdr.Encoder setattr(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        stateid(in);  // the file handle says which file; a write-open is not required to set its times
        Nfs4Attrs.Settable s = Nfs4Attrs.readSettable(in, exports.now());
        Node n = c.currentNode("SETATTR");
        n.owner.setattr(n, s.mode(), s.size(), s.atime(), s.mtime());
        int[] set = s.mask();
        return out -> Nfs4Attrs.writeMask(out, set);
    }

    Xdr.Encoder access(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        int asked = in.xdrDecodeInt();
        Nfs4Fh fh = c.current();
        // the pseudo directories above the export can only be looked through
        int granted = fh instanceof Nfs4Fh.Real r ? r.node().access() : Node.ACCESS_READ | Node.ACCESS_LOOKUP;
        int supported = asked & 0x3f;
        int result = asked & granted;
        return out -> {
            out.xdrEncodeInt(supported);
            out.xdrEncodeInt(result);
        };
    }

    // ---- directories

    private static long change(Node n) {
        return Nfs4Attrs.change(n.ctime);
    }

    private static void changeInfo(XdrEncodingStream out, long before, long after) {
        out.xdrEncodeBoolean(false);
        out.xdrEncodeLong(before);
        out.xdrEncodeLong(after);
    }

    Xdr.Encoder create(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        int type = in.xdrDecodeInt();
        switch (type) {
            case 2, 6, 7 -> { }                 // NF4DIR, NF4SOCK, NF4FIFO
            case 3, 4 -> {                      // NF4BLK, NF4CHR
                in.xdrDecodeInt();
                in.xdrDecodeInt();
            }
            case 5 -> Xdr.opaque(in, NAME_MAX); // NF4LNK
            default -> throw new NfsRefused(NfsError.BADTYPE, RejectReason.BAD_TYPE, "object type " + type);
        }
        String name = component(in);
        Nfs4Attrs.Settable s = Nfs4Attrs.readSettable(in, exports.now());
        if (type != 2) {
            throw new NfsRefused(NfsError.BADTYPE, RejectReason.BAD_TYPE, "only directories and regular files are served");
        }
        Dir d = c.currentDir("CREATE");
        long before = change(d);
        Dir made = d.owner.mkdir(d, name, s.mode(), c.address);
        long after = change(d);
        c.current = new Nfs4Fh.Real(made);
        int[] set = s.mode() == null ? new int[0] : Nfs4Attrs.mask(Nfs4Attrs.MODE);
        return out -> {
            changeInfo(out, before, after);
            Nfs4Attrs.writeMask(out, set);
        };
    }

    Xdr.Encoder remove(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        String name = component(in);
        Dir d = c.currentDir("REMOVE");
        long before = change(d);
        if (d.owner.lookup(d, name) instanceof Dir) {
            d.owner.rmdir(d, name);
        } else {
            d.owner.remove(d, name);
        }
        long after = change(d);
        return out -> changeInfo(out, before, after);
    }

    Xdr.Encoder rename(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        String from = component(in);
        String to = component(in);
        if (c.saved == null) {
            throw new NfsRefused(NfsError.NOFILEHANDLE, RejectReason.NO_FILEHANDLE, "no saved file handle");
        }
        if (!(c.saved instanceof Nfs4Fh.Real r) || !(r.node() instanceof Dir fromDir)) {
            throw new NfsRefused(NfsError.NOTDIR, RejectReason.NOT_DIRECTORY, "rename source is not a directory");
        }
        Dir toDir = c.currentDir("RENAME");
        long fromBefore = change(fromDir);
        long toBefore = change(toDir);
        fromDir.owner.rename(fromDir, from, toDir, to);
        long fromAfter = change(fromDir);
        long toAfter = change(toDir);
        return out -> {
            changeInfo(out, fromBefore, fromAfter);
            changeInfo(out, toBefore, toAfter);
        };
    }

    private record Entry(String name, Nfs4Fh fh) {
    }

    Xdr.Encoder readdir(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        long cookie = in.xdrDecodeLong();
        in.xdrDecodeOpaque(8);  // cookie verifier: listings are small and served from the start
        in.xdrDecodeInt();      // dircount: a hint
        int maxcount = in.xdrDecodeInt();
        int[] asked = Nfs4Attrs.readMask(in);
        Nfs4Fh fh = c.current();
        List<Entry> entries = new ArrayList<>();
        if (fh instanceof Nfs4Fh.Pseudo p) {
            List<String> path = exports.exportPath();
            String next = path.get(p.depth());
            entries.add(new Entry(next, p.depth() + 1 == path.size() ? new Nfs4Fh.Real(exports.of(c.host).root)
                    : new Nfs4Fh.Pseudo(p.depth() + 1)));
        } else {
            Dir d = c.currentDir("READDIR");
            for (Node n : d.owner.list(d)) {
                entries.add(new Entry(n.name, new Nfs4Fh.Real(n)));
            }
        }
        // Cookies 0, 1 and 2 are reserved (RFC 8881 18.23.3): entry i has cookie i + 3.
        if (cookie != 0 && (cookie < 3 || cookie - 3 >= entries.size() + 1)) {
            throw new NfsRefused(NfsError.BAD_COOKIE, RejectReason.BAD_COOKIE, "cookie " + cookie);
        }
        int first = cookie == 0 ? 0 : (int) (cookie - 2);
        int budget = maxcount - 16 - 8 - 8;  // status, verifier, list end and eof
        List<Nfs4Attrs.Fattr> fattrs = new ArrayList<>();
        int end = first;
        int used = 0;
        while (end < entries.size()) {
            Nfs4Attrs.Fattr f = attrs.encode(entries.get(end).fh(), asked);
            // entry4: value_follows, cookie, name, attributes
            int size = 4 + 8 + Xdr.size(entries.get(end).name()) + f.encodedSize();
            if (used + size > budget) {
                break;
            }
            used += size;
            fattrs.add(f);
            end++;
        }
        if (end == first && first < entries.size()) {
            throw new NfsRefused(NfsError.TOOSMALL, RejectReason.TOO_SMALL, "maxcount " + maxcount);
        }
        int last = end;
        boolean eof = end == entries.size();
        return out -> {
            out.xdrEncodeOpaque(new byte[8], 8);
            for (int i = first; i < last; i++) {
                out.xdrEncodeBoolean(true);
                out.xdrEncodeLong(i + 3L);
                Xdr.string(out, entries.get(i).name());
                fattrs.get(i - first).write(out);
            }
            out.xdrEncodeBoolean(false);
            out.xdrEncodeBoolean(eof);
        };
    }

    // ---- files

    record Stateid(int sequence, byte[] other) {
    }

    static Stateid stateid(XdrDecodingStream in) throws IOException {
        return new Stateid(in.xdrDecodeInt(), in.xdrDecodeOpaque(12));
    }

    private static void stateid(XdrEncodingStream out, int sequence, byte[] other) {
        out.xdrEncodeInt(sequence);
        out.xdrEncodeOpaque(other, 12);
    }

    Xdr.Encoder open(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        in.xdrDecodeInt();  // seqid: unused in 4.1
        int shareAccess = in.xdrDecodeInt();
        in.xdrDecodeInt();  // share_deny: not enforced, a host's files are only its own
        in.xdrDecodeLong();
        Xdr.opaque(in, NAME_MAX);
        int openType = in.xdrDecodeInt();
        CreateMode how = null;
        boolean exclusive4 = false;  // EXCLUSIVE4 sets no attributes; EXCLUSIVE4_1 may
        byte[] verifier = null;
        Nfs4Attrs.Settable s = Nfs4Attrs.Settable.NONE;
        if (openType == 1) {
            int createmode4 = in.xdrDecodeInt();
            switch (createmode4) {
                case 0, 1 -> {                                 // UNCHECKED4, GUARDED4
                    how = createmode4 == 0 ? CreateMode.UNCHECKED : CreateMode.GUARDED;
                    s = Nfs4Attrs.readSettable(in, exports.now());
                }
                case 2 -> {                                    // EXCLUSIVE4
                    how = CreateMode.EXCLUSIVE;
                    exclusive4 = true;
                    verifier = in.xdrDecodeOpaque(8);
                }
                case 3 -> {                                    // EXCLUSIVE4_1
                    how = CreateMode.EXCLUSIVE;
                    verifier = in.xdrDecodeOpaque(8);
                    s = Nfs4Attrs.readSettable(in, exports.now());
                }
                default -> throw new Xdr.MalformedCall("createmode4 " + createmode4);
            }
        } else if (openType != 0) {
            throw new Xdr.MalformedCall("opentype4 " + openType);
        }
        int claim = in.xdrDecodeInt();
        String name = null;
        switch (claim) {
            case 0 -> name = component(in);  // CLAIM_NULL
            case 4 -> { }                    // CLAIM_FH
            case 1 -> {                      // CLAIM_PREVIOUS: state from before a restart is gone with it
                in.xdrDecodeInt();
                throw new NfsRefused(NfsError.NO_GRACE, RejectReason.NO_GRACE, "nothing to reclaim after a restart");
            }
            case 2 -> {
                stateid(in);
                component(in);
                throw new NfsRefused(NfsError.NOTSUPP, RejectReason.NOT_SUPPORTED, "no delegations are given");
            }
            case 3 -> {
                component(in);
                throw new NfsRefused(NfsError.NOTSUPP, RejectReason.NOT_SUPPORTED, "no delegations are given");
            }
            case 5 -> {
                stateid(in);
                throw new NfsRefused(NfsError.NOTSUPP, RejectReason.NOT_SUPPORTED, "no delegations are given");
            }
            case 6 -> throw new NfsRefused(NfsError.NOTSUPP, RejectReason.NOT_SUPPORTED, "no delegations are given");
            default -> throw new Xdr.MalformedCall("open_claim_type4 " + claim);
        }
        NfsFile f;
        long before = 0;
        long after = 0;
        if (name != null) {
            Dir d = c.currentDir("OPEN");
            before = change(d);
            if (openType == 1) {
                f = d.owner.create(d, name, how, s.mode(), s.size(), verifier, c.address);
            } else {
                Node n = d.owner.lookup(d, name);
                if (!(n instanceof NfsFile file)) {
                    throw new NfsRefused(NfsError.ISDIR, RejectReason.IS_DIRECTORY, "'" + name + "' is a directory");
                }
                f = file;
            }
            after = change(d);
        } else {
            if (openType == 1) {
                throw new NfsRefused(NfsError.INVAL, RejectReason.BAD_OPEN, "CLAIM_FH cannot create");
            }
            f = c.currentFile();
        }
        if (f.finished) {
            throw new NfsRefused(NfsError.ACCESS, RejectReason.FINISHED_FILE, "'" + f.name + "' is sealed; stored dumps are"
                    + " never opened again");
        }
        Nfs4State.Open o = state.open(c.client(), f);
        c.current = new Nfs4Fh.Real(f);
        byte[] other = o.other.clone();
        int[] set = exclusive4 ? new int[0] : s.mask();
        long b = before;
        long a = after;
        LOG.debug("nfs4 open host={} file={} access={}", c.host, f.name, shareAccess);
        return out -> {
            stateid(out, 1, other);
            changeInfo(out, b, a);
            out.xdrEncodeInt(OPEN4_RESULT_LOCKTYPE_POSIX);
            Nfs4Attrs.writeMask(out, set);
            out.xdrEncodeInt(0);  // OPEN_DELEGATE_NONE
        };
    }

    Xdr.Encoder openDowngrade(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        Stateid sid = stateid(in);
        in.xdrDecodeInt();
        in.xdrDecodeInt();
        in.xdrDecodeInt();
        Nfs4State.Open o = state.stateid(c.client(), sid.other());
        if (o == null) {
            throw new NfsRefused(NfsError.BAD_STATEID, RejectReason.BAD_STATEID, "special stateid");
        }
        int next = ++o.sequence;
        byte[] other = o.other.clone();
        return out -> stateid(out, next, other);
    }

    Xdr.Encoder close(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        in.xdrDecodeInt();  // seqid: unused in 4.1
        Stateid sid = stateid(in);
        Nfs4State.Open o = state.stateid(c.client(), sid.other());
        if (o == null) {
            throw new NfsRefused(NfsError.BAD_STATEID, RejectReason.BAD_STATEID, "special stateid");
        }
        NfsFile f = o.file;
        boolean last = state.close(o);
        if (last) {
            f.owner.closed(f);
        }
        int next = o.sequence + 1;
        byte[] other = o.other.clone();
        return out -> stateid(out, next, other);
    }

    private void checkStateid(Nfs4Compound c, Stateid sid, NfsFile f) throws NfsRefused {
        Nfs4State.Open o = state.stateid(c.client(), sid.other());
        if (o != null && o.file != f) {
            throw new NfsRefused(NfsError.BAD_STATEID, RejectReason.BAD_STATEID, "stateid of another file");
        }
    }

    Xdr.Encoder write(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        Stateid sid = stateid(in);
        long offset = in.xdrDecodeLong();
        in.xdrDecodeInt();  // stable: answered UNSTABLE whatever was asked (docs/nfs.md, Durability)
        byte[] data = Xdr.opaque(in, Exports.MAX_IO);
        NfsFile f = c.currentFile();
        checkStateid(c, sid, f);
        f.owner.write(f, offset, data);
        byte[] verf = exports.verifier();
        int count = data.length;
        return out -> {
            out.xdrEncodeInt(count);
            out.xdrEncodeInt(UNSTABLE4);
            out.xdrEncodeOpaque(verf, 8);
        };
    }

    /** COMMIT: as in NFSv3, answered with this daemon start's verifier (docs/nfs.md, Durability). */
    Xdr.Encoder commit(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        in.xdrDecodeLong();
        in.xdrDecodeInt();
        NfsFile f = c.currentFile();
        f.owner.commit(f);
        byte[] verf = exports.verifier();
        return out -> out.xdrEncodeOpaque(verf, 8);
    }

    Xdr.Encoder read(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        Stateid sid = stateid(in);
        long offset = in.xdrDecodeLong();
        int count = Math.min(Math.max(in.xdrDecodeInt(), 0), Exports.MAX_IO);
        NfsFile f = c.currentFile();
        checkStateid(c, sid, f);
        if (offset < 0) {
            throw new NfsRefused(NfsError.INVAL, RejectReason.BAD_OFFSET, "offset " + Long.toUnsignedString(offset));
        }
        byte[] data = f.owner.read(f, offset, count);
        boolean eof = offset + data.length >= f.size;
        return out -> {
            out.xdrEncodeBoolean(eof);
            out.xdrEncodeDynamicOpaque(data);
        };
    }

    Xdr.Encoder testStateid(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        int n = in.xdrDecodeInt();
        if (n < 0 || n > 1024) {
            throw new Xdr.MalformedCall(n + " stateids");
        }
        int[] status = new int[n];
        for (int i = 0; i < n; i++) {
            Stateid sid = stateid(in);
            status[i] = state.known(c.client(), sid.other()) ? Nfs4Status.OK : Nfs4Status.BAD_STATEID;
        }
        return out -> {
            out.xdrEncodeInt(status.length);
            for (int s : status) {
                out.xdrEncodeInt(s);
            }
        };
    }

    Xdr.Encoder freeStateid(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        state.free(c.client(), stateid(in).other());
        return out -> { };
    }
}
