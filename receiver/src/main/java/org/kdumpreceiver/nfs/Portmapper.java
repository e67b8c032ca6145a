package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcDispatchable;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;

/**
 * A read-only portmapper (program 100000 version 2, RFC 1833) and rpcbind (versions 3 and 4) that knows
 * only this receiver's programs, all on TCP. {@code mount.nfs} asks it where NFS v3 and MOUNT v3 are; SET
 * and UNSET from others are refused.
 */
final class Portmapper implements RpcDispatchable {
    static final int PROGRAM = 100000;
    private static final int IPPROTO_TCP = 6;
    private static final int MAX_STRING = 1024;

    /** One program, version and port this receiver serves. */
    record Mapping(int program, int version, int port) {}

    private final List<Mapping> mappings;
    private volatile int selfPort;

    Portmapper(List<Mapping> mappings) {
        this.mappings = List.copyOf(mappings);
    }

    /** The portmapper's own port, known once it listens (port 0 in its mappings means this one). */
    void selfPort(int port) {
        selfPort = port;
    }

    @Override
    public void dispatchOncRpcCall(RpcCall call) throws OncRpcException, IOException {
        int version = call.getProgramVersion();
        int proc = call.getProcedure();
        InetSocketAddress local = call.getTransport().getLocalSocketAddress();
        Xdr.Encoder reply;
        try {
            if (version == 2) {
                reply = switch (proc) {
                    case 0 -> Xdr.decode(call, in -> out -> { });
                    case 1, 2 -> Xdr.decode(call, in -> {
                        in.xdrDecodeIntFixedVector(4);
                        return out -> out.xdrEncodeBoolean(false);
                    });
                    case 3 -> Xdr.decode(call, in -> {
                        int prog = in.xdrDecodeInt();
                        int vers = in.xdrDecodeInt();
                        int prot = in.xdrDecodeInt();
                        in.xdrDecodeInt();
                        int port = prot == IPPROTO_TCP ? port(prog, vers) : 0;
                        return out -> out.xdrEncodeInt(port);
                    });
                    case 4 -> Xdr.decode(call, in -> this::dumpV2);
                    default -> null;
                };
            } else {
                reply = switch (proc) {
                    case 0 -> Xdr.decode(call, in -> out -> { });
                    case 1, 2 -> Xdr.decode(call, in -> {
                        readRpcb(in);
                        return out -> out.xdrEncodeBoolean(false);
                    });
                    case 3, 9 -> Xdr.decode(call, in -> {  // GETADDR, GETVERSADDR
                        Object[] r = readRpcb(in);
                        int port = "tcp".equals(r[2]) || "tcp6".equals(r[2]) ? port((Integer) r[0], (Integer) r[1]) : 0;
                        String addr = port == 0 ? "" : universal(local, port);
                        return out -> Xdr.string(out, addr);
                    });
                    case 4 -> Xdr.decode(call, in -> out -> dumpV3(out, local));
                    default -> null;
                };
            }
        } catch (Xdr.MalformedCall | org.dcache.oncrpc4j.xdr.BadXdrOncRpcException e) {
            call.failRpcGarbage();
            return;
        } catch (NfsRefused e) {
            throw new IllegalStateException(e);
        }
        if (reply == null) {
            call.failProcedureUnavailable();
            return;
        }
        call.reply(Xdr.reply(reply));
    }

    private int port(int program, int version) {
        return mappings.stream().filter(m -> m.program == program && m.version == version)
                .mapToInt(m -> m.port == 0 ? selfPort : m.port).findFirst().orElse(0);
    }

    private static Object[] readRpcb(org.dcache.oncrpc4j.xdr.XdrDecodingStream in) throws IOException {
        int prog = in.xdrDecodeInt();
        int vers = in.xdrDecodeInt();
        String netid = Xdr.string(in, MAX_STRING);
        Xdr.string(in, MAX_STRING);
        Xdr.string(in, MAX_STRING);
        return new Object[] {prog, vers, netid};
    }

    private void dumpV2(XdrEncodingStream out) {
        for (Mapping m : mappings) {
            out.xdrEncodeBoolean(true);
            out.xdrEncodeInt(m.program);
            out.xdrEncodeInt(m.version);
            out.xdrEncodeInt(IPPROTO_TCP);
            out.xdrEncodeInt(m.port == 0 ? selfPort : m.port);
        }
        out.xdrEncodeBoolean(false);
    }

    private void dumpV3(XdrEncodingStream out, InetSocketAddress local) {
        for (Mapping m : mappings) {
            out.xdrEncodeBoolean(true);
            out.xdrEncodeInt(m.program);
            out.xdrEncodeInt(m.version);
            Xdr.string(out, local.getAddress() instanceof java.net.Inet6Address ? "tcp6" : "tcp");
            Xdr.string(out, universal(local, m.port == 0 ? selfPort : m.port));
            Xdr.string(out, "kdump-receiver");
        }
        out.xdrEncodeBoolean(false);
    }

    /** RFC 5665 universal address: {@code 10.0.0.1.8.1} for port 2049. */
    static String universal(InetSocketAddress local, int port) {
        String host = ClientAccess.text(local.getAddress());
        return host + "." + (port >> 8) + "." + (port & 0xff);
    }
}
