package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcDispatchable;
import org.kdumpreceiver.store.HostIdentity;

/** MOUNT version 3 (RFC 1813 appendix I), program 100005: hands the export's root handle to allowed clients. */
final class MountProgram implements RpcDispatchable {
    static final int PROGRAM = 100005;
    static final int VERSION = 3;
    private static final int MNT3_OK = 0;
    private static final int MNT3ERR_NOENT = 2;
    private static final int MNT3ERR_ACCES = 13;
    private static final int AUTH_SYS = 1;
    private static final int PATH_MAX = 1024;

    private final Exports exports;
    private final ClientAccess access;
    private final NfsEvents events;
    private final List<String> clients;
    private final Map<String, Instant> mounted = new ConcurrentHashMap<>();

    MountProgram(Exports exports, ClientAccess access, NfsEvents events, List<String> clients) {
        this.exports = exports;
        this.access = access;
        this.events = events;
        this.clients = List.copyOf(clients);
    }

    @Override
    public void dispatchOncRpcCall(RpcCall call) throws OncRpcException, IOException {
        InetAddress remote = call.getTransport().getRemoteSocketAddress().getAddress();
        String address = ClientAccess.text(remote);
        HostIdentity host = access.host(remote);
        Xdr.Encoder reply;
        try {
            reply = switch (call.getProcedure()) {
                case 0, 4 -> Xdr.decode(call, in -> out -> { });
                case 1 -> Xdr.decode(call, in -> mnt(Xdr.string(in, PATH_MAX), host, address));
                case 2 -> Xdr.decode(call, in -> out -> out.xdrEncodeBoolean(false));
                case 3 -> Xdr.decode(call, in -> {
                    Xdr.string(in, PATH_MAX);
                    Instant since = mounted.remove(address);
                    if (host != null && since != null) {
                        events.unmounted(host, address, java.time.Duration.between(since, exports.now()).toMillis());
                    }
                    return out -> { };
                });
                case 5 -> Xdr.decode(call, in -> out -> {
                    out.xdrEncodeBoolean(true);
                    Xdr.string(out, exports.export());
                    for (String c : clients) {
                        out.xdrEncodeBoolean(true);
                        Xdr.string(out, c);
                    }
                    out.xdrEncodeBoolean(false);
                    out.xdrEncodeBoolean(false);
                });
                default -> null;
            };
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

    private Xdr.Encoder mnt(String path, HostIdentity host, String address) {
        if (host == null) {
            events.refusedClient(address, "mount of " + path);
            return out -> out.xdrEncodeInt(MNT3ERR_ACCES);
        }
        if (!normalise(path).equals(normalise(exports.export()))) {
            return out -> out.xdrEncodeInt(MNT3ERR_NOENT);
        }
        byte[] handle = exports.handle(exports.of(host).root);
        if (mounted.putIfAbsent(address, exports.now()) == null) {
            events.mounted(host, address);
        }
        return out -> {
            out.xdrEncodeInt(MNT3_OK);
            out.xdrEncodeDynamicOpaque(handle);
            out.xdrEncodeInt(1);
            out.xdrEncodeInt(AUTH_SYS);
        };
    }

    private static String normalise(String path) {
        String p = path.replaceAll("/+", "/");
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
