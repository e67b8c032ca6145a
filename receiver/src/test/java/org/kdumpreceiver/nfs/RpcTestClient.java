package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/** A minimal NFSv3/MOUNT client on oncrpc4j for tests: what libnfs' tools cannot do (mkdir, rename, random writes). */
final class RpcTestClient implements AutoCloseable {
    interface Body {
        void write(XdrEncodingStream out);
    }

    private final OncRpcClient mountClient;
    private final OncRpcClient nfsClient;
    private final RpcTransport mount;
    private final RpcTransport nfs;
    private final RpcAuthTypeUnix auth = new RpcAuthTypeUnix(0, 0, new int[] {0}, 0, "test");

    RpcTestClient(int nfsPort, int mountPort) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        mountClient = new OncRpcClient(lo, IpProtocolType.TCP, mountPort);
        nfsClient = new OncRpcClient(lo, IpProtocolType.TCP, nfsPort);
        mount = mountClient.connect();
        nfs = nfsClient.connect();
    }

    /** The raw reply of a call, positioned after the RPC header. */
    static final class Reply implements XdrAble {
        XdrDecodingStream in;
        int status;
        byte[] rest;

        @Override
        public void xdrDecode(XdrDecodingStream xdr) throws IOException {
            status = xdr.xdrDecodeInt();
            in = xdr;
            // Read what follows as ints until the buffer ends, so callers can look at it after the call.
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            try {
                while (true) {
                    int v = xdr.xdrDecodeInt();
                    b.write(v >>> 24);
                    b.write(v >>> 16);
                    b.write(v >>> 8);
                    b.write(v);
                }
            } catch (RuntimeException | IOException end) {
                rest = b.toByteArray();
            }
        }

        @Override
        public void xdrEncode(XdrEncodingStream xdr) {
        }

        /** The opaque at the start of the body (a file handle after a status and a "follows" flag). */
        byte[] opaqueAt(int offset) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(rest, offset, rest.length - offset);
            int len = b.getInt();
            byte[] o = new byte[len];
            b.get(o);
            return o;
        }
    }

    Reply mountCall(int proc, Body body) throws Exception {
        return call(mount, MountProgram.PROGRAM, MountProgram.VERSION, proc, body);
    }

    Reply nfsCall(int proc, Body body) throws Exception {
        return call(nfs, Nfs3Program.PROGRAM, Nfs3Program.VERSION, proc, body);
    }

    private Reply call(RpcTransport t, int prog, int vers, int proc, Body body) throws Exception {
        RpcCall call = new RpcCall(prog, vers, auth, t);
        Reply reply = new Reply();
        call.call(proc, new XdrAble() {
            @Override
            public void xdrDecode(XdrDecodingStream xdr) {
            }

            @Override
            public void xdrEncode(XdrEncodingStream xdr) {
                body.write(xdr);
            }
        }, reply, 10, TimeUnit.SECONDS);
        return reply;
    }

    byte[] mnt(String path) throws Exception {
        Reply r = mountCall(1, out -> Xdr.string(out, path));
        if (r.status != 0) {
            throw new IOException("MNT status " + r.status);
        }
        return r.opaqueAt(0);
    }

    /** MKDIR or LOOKUP: the handle of dir/name. */
    byte[] mkdir(byte[] dir, String name) throws Exception {
        Reply r = nfsCall(9, out -> {
            out.xdrEncodeDynamicOpaque(dir);
            Xdr.string(out, name);
            sattrNone(out);
        });
        check(r, "MKDIR");
        return r.opaqueAt(4);
    }

    byte[] lookup(byte[] dir, String name) throws Exception {
        Reply r = lookupReply(dir, name);
        check(r, "LOOKUP");
        return r.opaqueAt(0);
    }

    Reply lookupReply(byte[] dir, String name) throws Exception {
        return nfsCall(3, out -> {
            out.xdrEncodeDynamicOpaque(dir);
            Xdr.string(out, name);
        });
    }

    byte[] createExclusive(byte[] dir, String name, byte[] verifier) throws Exception {
        Reply r = nfsCall(8, out -> {
            out.xdrEncodeDynamicOpaque(dir);
            Xdr.string(out, name);
            out.xdrEncodeInt(2);
            out.xdrEncodeOpaque(verifier, 8);
        });
        check(r, "CREATE");
        return r.opaqueAt(4);
    }

    Reply write(byte[] file, long offset, byte[] data, int off, int len) throws Exception {
        return nfsCall(7, out -> {
            out.xdrEncodeDynamicOpaque(file);
            out.xdrEncodeLong(offset);
            out.xdrEncodeInt(len);
            out.xdrEncodeInt(0);
            out.xdrEncodeInt(len);
            out.xdrEncodeOpaque(data, off, len);
        });
    }

    Reply commit(byte[] file) throws Exception {
        return nfsCall(21, out -> {
            out.xdrEncodeDynamicOpaque(file);
            out.xdrEncodeLong(0);
            out.xdrEncodeInt(0);
        });
    }

    Reply rename(byte[] dir, String from, String to) throws Exception {
        return nfsCall(14, out -> {
            out.xdrEncodeDynamicOpaque(dir);
            Xdr.string(out, from);
            out.xdrEncodeDynamicOpaque(dir);
            Xdr.string(out, to);
        });
    }

    Reply read(byte[] file, long offset, int count) throws Exception {
        return nfsCall(6, out -> {
            out.xdrEncodeDynamicOpaque(file);
            out.xdrEncodeLong(offset);
            out.xdrEncodeInt(count);
        });
    }

    static void sattrNone(XdrEncodingStream out) {
        for (int i = 0; i < 4; i++) {
            out.xdrEncodeBoolean(false);
        }
        out.xdrEncodeInt(0);
        out.xdrEncodeInt(0);
    }

    static void check(Reply r, String what) throws IOException {
        if (r.status != 0) {
            throw new IOException(what + " status " + r.status);
        }
    }

    @Override
    public void close() throws IOException {
        mountClient.close();
        nfsClient.close();
    }
}
