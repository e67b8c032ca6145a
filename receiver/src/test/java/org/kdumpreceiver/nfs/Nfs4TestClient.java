package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * A small NFSv4.1 client for tests: builds COMPOUNDs op by op and decodes the results of the operations
 * it knows. It follows what the Linux 6.1 client was seen to send (see docs/nfs.md), so the tests
 * replay that path: EXCHANGE_ID, CREATE_SESSION, RECLAIM_COMPLETE, PUTROOTFH + LOOKUP, CREATE, OPEN,
 * WRITE, COMMIT, CLOSE, RENAME.
 */
final class Nfs4TestClient implements AutoCloseable {
    private final OncRpcClient client;
    private final RpcTransport transport;
    private final RpcAuthTypeUnix auth = new RpcAuthTypeUnix(0, 0, new int[] {0}, 0, "test");
    final byte[] owner;
    long clientId;
    byte[] sessionId;
    int slotSequence;

    Nfs4TestClient(int port, String owner) throws IOException {
        client = new OncRpcClient(InetAddress.getLoopbackAddress(), IpProtocolType.TCP, port);
        transport = client.connect();
        this.owner = owner.getBytes(StandardCharsets.UTF_8);
    }

    /** One operation's result: its number, status and decoded value (handle, stateid, data...). */
    record OpResult(int op, int status, Object value) {
    }

    /** A COMPOUND reply: overall status and each result. */
    record Reply(int status, List<OpResult> results) {
        OpResult last() {
            return results.get(results.size() - 1);
        }

        OpResult of(int op) {
            return results.stream().filter(r -> r.op() == op).reduce((a, b) -> b).orElseThrow(
                    () -> new AssertionError("no result of op " + op + " in " + results));
        }
    }

    record Stateid(int sequence, byte[] other) {
    }

    /** Builds a COMPOUND's arguments and remembers which ops it has, to decode their results. */
    final class Ops {
        final List<Integer> ops = new ArrayList<>();
        final List<Nfs4ClientBody> bodies = new ArrayList<>();

        Ops op(int op, Nfs4ClientBody body) {
            ops.add(op);
            bodies.add(body);
            return this;
        }

        Ops sequence() {
            return sequence(true);
        }

        /** SEQUENCE on slot 0 with the next sequence id; Linux sends cachethis false for READ and WRITE. */
        Ops sequence(boolean cacheThis) {
            int seq = ++slotSequence;
            byte[] id = sessionId;
            return op(Nfs4Program.SEQUENCE, out -> {
                out.xdrEncodeOpaque(id, 16);
                out.xdrEncodeInt(seq);
                out.xdrEncodeInt(0);
                out.xdrEncodeInt(0);
                out.xdrEncodeBoolean(cacheThis);
            });
        }

        Ops putrootfh() {
            return op(Nfs4Program.PUTROOTFH, out -> { });
        }

        Ops putfh(byte[] fh) {
            return op(Nfs4Program.PUTFH, out -> out.xdrEncodeDynamicOpaque(fh));
        }

        Ops lookup(String name) {
            return op(Nfs4Program.LOOKUP, out -> Xdr.string(out, name));
        }

        Ops lookupp() {
            return op(Nfs4Program.LOOKUPP, out -> { });
        }

        Ops getfh() {
            return op(Nfs4Program.GETFH, out -> { });
        }

        Ops savefh() {
            return op(Nfs4Program.SAVEFH, out -> { });
        }

        Ops getattr(int... bits) {
            int[] mask = Nfs4Attrs.mask(bits);
            return op(Nfs4Program.GETATTR, out -> {
                out.xdrEncodeInt(mask.length);
                for (int w : mask) {
                    out.xdrEncodeInt(w);
                }
            });
        }

        Ops mkdir(String name) {
            return op(Nfs4Program.CREATE, out -> {
                out.xdrEncodeInt(2);
                Xdr.string(out, name);
                noAttrs(out);
            });
        }

        /** OPEN4_CREATE with UNCHECKED4 (no attributes) or EXCLUSIVE4_1 (a verifier and mode 0600). */
        Ops openCreate(String name, byte[] exclusiveVerifier) {
            return op(Nfs4Program.OPEN, out -> {
                openHead(out, 3);
                out.xdrEncodeInt(1);
                if (exclusiveVerifier == null) {
                    out.xdrEncodeInt(0);
                    noAttrs(out);
                } else {
                    out.xdrEncodeInt(3);
                    out.xdrEncodeOpaque(exclusiveVerifier, 8);
                    out.xdrEncodeInt(2);
                    out.xdrEncodeInt(0);
                    out.xdrEncodeInt(1 << (Nfs4Attrs.MODE - 32));
                    out.xdrEncodeInt(4);
                    out.xdrEncodeInt(0600);
                }
                out.xdrEncodeInt(0);
                Xdr.string(out, name);
            });
        }

        /** OPEN4_CREATE UNCHECKED4 (0) or GUARDED4 (1), optionally with size 0 (O_TRUNC). */
        Ops openCreate(String name, int how, boolean truncate) {
            return op(Nfs4Program.OPEN, out -> {
                openHead(out, 3);
                out.xdrEncodeInt(1);
                out.xdrEncodeInt(how);
                if (truncate) {
                    out.xdrEncodeInt(1);
                    out.xdrEncodeInt(1 << Nfs4Attrs.SIZE);
                    out.xdrEncodeInt(8);
                    out.xdrEncodeLong(0);
                } else {
                    noAttrs(out);
                }
                out.xdrEncodeInt(0);
                Xdr.string(out, name);
            });
        }

        Ops setattrMode(int mode) {
            return op(Nfs4Program.SETATTR, out -> {
                out.xdrEncodeInt(0);
                out.xdrEncodeOpaque(new byte[12], 12);
                out.xdrEncodeInt(2);
                out.xdrEncodeInt(0);
                out.xdrEncodeInt(1 << (Nfs4Attrs.MODE - 32));
                out.xdrEncodeInt(4);
                out.xdrEncodeInt(mode);
            });
        }

        Ops openExisting(String name, int access) {
            return op(Nfs4Program.OPEN, out -> {
                openHead(out, access);
                out.xdrEncodeInt(0);
                out.xdrEncodeInt(0);
                Xdr.string(out, name);
            });
        }

        private void openHead(XdrEncodingStream out, int access) {
            out.xdrEncodeInt(0);
            out.xdrEncodeInt(access);
            out.xdrEncodeInt(0);
            out.xdrEncodeLong(clientId);
            out.xdrEncodeDynamicOpaque("open-id:test".getBytes(StandardCharsets.US_ASCII));
        }

        Ops write(Stateid sid, long offset, byte[] data, int off, int len) {
            return op(Nfs4Program.WRITE, out -> {
                stateid(out, sid);
                out.xdrEncodeLong(offset);
                out.xdrEncodeInt(0);
                out.xdrEncodeInt(len);
                out.xdrEncodeOpaque(data, off, len);
            });
        }

        Ops read(Stateid sid, long offset, int count) {
            return op(Nfs4Program.READ, out -> {
                stateid(out, sid);
                out.xdrEncodeLong(offset);
                out.xdrEncodeInt(count);
            });
        }

        Ops commit() {
            return op(Nfs4Program.COMMIT, out -> {
                out.xdrEncodeLong(0);
                out.xdrEncodeInt(0);
            });
        }

        Ops close(Stateid sid) {
            return op(Nfs4Program.CLOSE, out -> {
                out.xdrEncodeInt(0);
                stateid(out, sid);
            });
        }

        Ops rename(String from, String to) {
            return op(Nfs4Program.RENAME, out -> {
                Xdr.string(out, from);
                Xdr.string(out, to);
            });
        }

        Ops remove(String name) {
            return op(Nfs4Program.REMOVE, out -> Xdr.string(out, name));
        }

        Ops readdir() {
            int[] mask = Nfs4Attrs.mask(Nfs4Attrs.TYPE, Nfs4Attrs.FILEID);
            return op(Nfs4Program.READDIR, out -> {
                out.xdrEncodeLong(0);
                out.xdrEncodeOpaque(new byte[8], 8);
                out.xdrEncodeInt(8192);
                out.xdrEncodeInt(32768);
                out.xdrEncodeInt(mask.length);
                for (int w : mask) {
                    out.xdrEncodeInt(w);
                }
            });
        }
    }

    @FunctionalInterface
    interface Nfs4ClientBody {
        void write(XdrEncodingStream out);
    }

    static void noAttrs(XdrEncodingStream out) {
        out.xdrEncodeInt(0);
        out.xdrEncodeInt(0);
    }

    static void stateid(XdrEncodingStream out, Stateid sid) {
        out.xdrEncodeInt(sid.sequence());
        out.xdrEncodeOpaque(sid.other(), 12);
    }

    Ops ops() {
        return new Ops();
    }

    Reply compound(Ops ops) throws Exception {
        return compound(1, ops);
    }

    Reply compound(int minor, Ops ops) throws Exception {
        return raw(out -> {
            out.xdrEncodeDynamicOpaque(new byte[0]);
            out.xdrEncodeInt(minor);
            out.xdrEncodeInt(ops.ops.size());
            for (int i = 0; i < ops.ops.size(); i++) {
                out.xdrEncodeInt(ops.ops.get(i));
                ops.bodies.get(i).write(out);
            }
        });
    }

    /** A COMPOUND with hand-written arguments (for malformed ones). */
    Reply raw(Nfs4ClientBody args) throws Exception {
        RpcCall call = new RpcCall(Nfs4Program.PROGRAM, Nfs4Program.VERSION, auth, transport);
        Decoded reply = new Decoded();
        call.call(1, new XdrAble() {
            @Override
            public void xdrDecode(XdrDecodingStream xdr) {
            }

            @Override
            public void xdrEncode(XdrEncodingStream xdr) {
                args.write(xdr);
            }
        }, reply, 10, TimeUnit.SECONDS);
        return reply.reply;
    }

    /** EXCHANGE_ID, CREATE_SESSION and RECLAIM_COMPLETE, as a client's mount starts. */
    void establish() throws Exception {
        Reply x = compound(ops().op(Nfs4Program.EXCHANGE_ID, out -> {
            out.xdrEncodeOpaque(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 8);
            out.xdrEncodeDynamicOpaque(owner);
            out.xdrEncodeInt(0x101);
            out.xdrEncodeInt(0);
            out.xdrEncodeInt(0);
        }));
        check(x, "EXCHANGE_ID");
        long[] idSeq = (long[]) x.last().value();
        clientId = idSeq[0];
        int seq = (int) idSeq[1];
        Reply s = compound(ops().op(Nfs4Program.CREATE_SESSION, out -> {
            out.xdrEncodeLong(clientId);
            out.xdrEncodeInt(seq);
            out.xdrEncodeInt(3);
            for (int[] ch : new int[][] {{0, 1049620, 1049480, 7584, 8, 64}, {0, 4096, 4096, 0, 2, 16}}) {
                for (int v : ch) {
                    out.xdrEncodeInt(v);
                }
                out.xdrEncodeInt(0);
            }
            out.xdrEncodeInt(0x40000000);
            out.xdrEncodeInt(1);
            out.xdrEncodeInt(1);
            out.xdrEncodeInt(1234);
            Xdr.string(out, "test");
            out.xdrEncodeInt(0);
            out.xdrEncodeInt(0);
            out.xdrEncodeInt(0);
        }));
        check(s, "CREATE_SESSION");
        sessionId = (byte[]) s.last().value();
        slotSequence = 0;
        check(compound(ops().sequence().op(Nfs4Program.RECLAIM_COMPLETE, out -> out.xdrEncodeBoolean(false))),
                "RECLAIM_COMPLETE");
    }

    /** PUTROOTFH and a LOOKUP per component of {@code path}: the handle. */
    byte[] walk(String path) throws Exception {
        Ops ops = ops().sequence().putrootfh();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                ops.lookup(c);
            }
        }
        Reply r = compound(ops.getfh());
        check(r, "LOOKUP " + path);
        return (byte[]) r.last().value();
    }

    static void check(Reply r, String what) throws IOException {
        if (r.status() != 0) {
            throw new IOException(what + ": status " + r.status() + " " + r.results());
        }
    }

    private static final class Decoded implements XdrAble {
        Reply reply;

        @Override
        public void xdrDecode(XdrDecodingStream in) throws IOException {
            int status = in.xdrDecodeInt();
            in.xdrDecodeDynamicOpaque();
            int n = in.xdrDecodeInt();
            List<OpResult> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int op = in.xdrDecodeInt();
                int st = in.xdrDecodeInt();
                Object value = null;
                if (st == 0) {
                    value = result(in, op);
                } else if (op == Nfs4Program.SETATTR) {
                    skipMask(in);
                }
                results.add(new OpResult(op, st, value));
            }
            reply = new Reply(status, results);
        }

        private static Object result(XdrDecodingStream in, int op) throws IOException {
            switch (op) {
                case Nfs4Program.EXCHANGE_ID -> {
                    long id = in.xdrDecodeLong();
                    long seq = in.xdrDecodeInt() & 0xffffffffL;
                    long flags = in.xdrDecodeInt();
                    in.xdrDecodeInt();
                    in.xdrDecodeLong();
                    in.xdrDecodeDynamicOpaque();
                    in.xdrDecodeDynamicOpaque();
                    int impl = in.xdrDecodeInt();
                    for (int i = 0; i < impl; i++) {
                        in.xdrDecodeDynamicOpaque();
                        in.xdrDecodeDynamicOpaque();
                        in.xdrDecodeLong();
                        in.xdrDecodeInt();
                    }
                    return new long[] {id, seq, flags};
                }
                case Nfs4Program.CREATE_SESSION -> {
                    byte[] id = in.xdrDecodeOpaque(16);
                    in.xdrDecodeInt();
                    in.xdrDecodeInt();
                    for (int ch = 0; ch < 2; ch++) {
                        for (int i = 0; i < 6; i++) {
                            in.xdrDecodeInt();
                        }
                        int ird = in.xdrDecodeInt();
                        for (int i = 0; i < ird; i++) {
                            in.xdrDecodeInt();
                        }
                    }
                    return id;
                }
                case Nfs4Program.SEQUENCE -> {
                    in.xdrDecodeOpaque(16);
                    int[] v = new int[5];
                    for (int i = 0; i < 5; i++) {
                        v[i] = in.xdrDecodeInt();
                    }
                    return v;
                }
                case Nfs4Program.GETFH -> {
                    return in.xdrDecodeDynamicOpaque();
                }
                case Nfs4Program.GETATTR -> {
                    int[] mask = mask(in);
                    return new Object[] {mask, in.xdrDecodeDynamicOpaque()};
                }
                case Nfs4Program.OPEN -> {
                    Stateid sid = new Stateid(in.xdrDecodeInt(), in.xdrDecodeOpaque(12));
                    in.xdrDecodeBoolean();
                    in.xdrDecodeLong();
                    in.xdrDecodeLong();
                    in.xdrDecodeInt();
                    skipMask(in);
                    int deleg = in.xdrDecodeInt();
                    if (deleg != 0) {
                        throw new IOException("delegation " + deleg);
                    }
                    return sid;
                }
                case Nfs4Program.CLOSE, Nfs4Program.OPEN_DOWNGRADE -> {
                    return new Stateid(in.xdrDecodeInt(), in.xdrDecodeOpaque(12));
                }
                case Nfs4Program.WRITE -> {
                    int count = in.xdrDecodeInt();
                    int committed = in.xdrDecodeInt();
                    byte[] verf = in.xdrDecodeOpaque(8);
                    return new Object[] {count, committed, verf};
                }
                case Nfs4Program.COMMIT -> {
                    return in.xdrDecodeOpaque(8);
                }
                case Nfs4Program.READ -> {
                    boolean eof = in.xdrDecodeBoolean();
                    return new Object[] {eof, in.xdrDecodeDynamicOpaque()};
                }
                case Nfs4Program.CREATE -> {
                    in.xdrDecodeBoolean();
                    in.xdrDecodeLong();
                    in.xdrDecodeLong();
                    skipMask(in);
                    return null;
                }
                case Nfs4Program.REMOVE -> {
                    in.xdrDecodeBoolean();
                    in.xdrDecodeLong();
                    in.xdrDecodeLong();
                    return null;
                }
                case Nfs4Program.RENAME -> {
                    for (int i = 0; i < 2; i++) {
                        in.xdrDecodeBoolean();
                        in.xdrDecodeLong();
                        in.xdrDecodeLong();
                    }
                    return null;
                }
                case Nfs4Program.ACCESS -> {
                    return new int[] {in.xdrDecodeInt(), in.xdrDecodeInt()};
                }
                case Nfs4Program.SETATTR -> {
                    return mask(in);
                }
                case Nfs4Program.SECINFO_NO_NAME, Nfs4Program.SECINFO -> {
                    int n = in.xdrDecodeInt();
                    int[] flavors = new int[n];
                    for (int i = 0; i < n; i++) {
                        flavors[i] = in.xdrDecodeInt();
                    }
                    return flavors;
                }
                case Nfs4Program.READDIR -> {
                    in.xdrDecodeOpaque(8);
                    List<String> names = new ArrayList<>();
                    while (in.xdrDecodeBoolean()) {
                        in.xdrDecodeLong();
                        names.add(new String(in.xdrDecodeDynamicOpaque(), StandardCharsets.UTF_8));
                        mask(in);
                        in.xdrDecodeDynamicOpaque();
                    }
                    in.xdrDecodeBoolean();
                    return names;
                }
                default -> {
                    return null;  // void results
                }
            }
        }

        private static int[] mask(XdrDecodingStream in) throws IOException {
            int n = in.xdrDecodeInt();
            int[] m = new int[n];
            for (int i = 0; i < n; i++) {
                m[i] = in.xdrDecodeInt();
            }
            return m;
        }

        private static void skipMask(XdrDecodingStream in) throws IOException {
            mask(in);
        }

        @Override
        public void xdrEncode(XdrEncodingStream xdr) {
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
