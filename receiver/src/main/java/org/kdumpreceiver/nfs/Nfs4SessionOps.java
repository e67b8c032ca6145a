package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;
import org.kdumpreceiver.ingest.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NFSv4.1 operations about clients and sessions: EXCHANGE_ID, CREATE_SESSION, DESTROY_SESSION,
 * DESTROY_CLIENTID, BIND_CONN_TO_SESSION, RECLAIM_COMPLETE and the SECINFO pair.
 */
final class Nfs4SessionOps {
    private static final Logger LOG = LoggerFactory.getLogger("nfs");
    private static final int NAME_MAX = 1024;
    /** One WRITE of the largest size plus its compound around it. */
    private static final int MAX_REQUEST = Exports.MAX_IO + 16 * 1024;
    private static final int MAX_RESPONSE = Exports.MAX_IO + 16 * 1024;
    private static final int EXCHGID4_FLAG_UPD_CONFIRMED_REC_A = 0x40000000;
    private static final int EXCHGID4_FLAG_CONFIRMED_R = 0x80000000;
    private static final int EXCHGID4_FLAG_USE_NON_PNFS = 0x00010000;
    private static final int AUTH_SYS = 1;
    private static final byte[] SERVER_OWNER = "kdump-receiver".getBytes(StandardCharsets.US_ASCII);

    private final Nfs4State state;
    private final Exports exports;
    private final NfsEvents events;

    Nfs4SessionOps(Nfs4State state, Exports exports, NfsEvents events) {
        this.state = state;
        this.exports = exports;
        this.events = events;
    }

    Xdr.Encoder exchangeId(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        byte[] verifier = in.xdrDecodeOpaque(8);
        byte[] ownerId = Xdr.opaque(in, NAME_MAX);
        int flags = in.xdrDecodeInt();
        int protect = in.xdrDecodeInt();
        switch (protect) {
            case 0 -> { }
            case 1 -> {
                Nfs4Attrs.readMask(in);
                Nfs4Attrs.readMask(in);
            }
            case 2 -> {
                Nfs4Attrs.readMask(in);
                Nfs4Attrs.readMask(in);
                opaques(in);
                opaques(in);
                in.xdrDecodeInt();
                in.xdrDecodeInt();
            }
            default -> throw new Xdr.MalformedCall("state_protect_how4 " + protect);
        }
        int impl = in.xdrDecodeInt();
        if (impl < 0 || impl > 1) {
            throw new Xdr.MalformedCall("client_impl_id of " + impl);
        }
        if (impl == 1) {
            Xdr.opaque(in, NAME_MAX);
            Xdr.opaque(in, NAME_MAX);
            in.xdrDecodeLong();
            in.xdrDecodeInt();
        }
        if (protect != 0) {
            throw new NfsRefused(NfsError.NOTSUPP, RejectReason.STATE_PROTECTION, "only SP4_NONE is served");
        }
        Nfs4State.Exchange x = state.exchange(c.host, c.address, ownerId, verifier,
                (flags & EXCHGID4_FLAG_UPD_CONFIRMED_REC_A) != 0, exports.now());
        long id = x.client().id;
        int sequence = x.client().createSequence;
        int replyFlags = EXCHGID4_FLAG_USE_NON_PNFS | (x.confirmed() ? EXCHGID4_FLAG_CONFIRMED_R : 0);
        return out -> {
            out.xdrEncodeLong(id);
            out.xdrEncodeInt(sequence);
            out.xdrEncodeInt(replyFlags);
            out.xdrEncodeInt(0);  // SP4_NONE
            out.xdrEncodeLong(0);  // server_owner: one server, so clients see every connection as the same
            out.xdrEncodeDynamicOpaque(SERVER_OWNER);
            out.xdrEncodeDynamicOpaque(SERVER_OWNER);  // server scope
            out.xdrEncodeInt(0);  // no implementation id
        };
    }

    private record Channel(int maxRequest, int maxResponse, int maxResponseCached, int maxOps, int maxRequests) {
        static Channel read(XdrDecodingStream in) throws IOException {
            in.xdrDecodeInt();  // header padding: RDMA only
            Channel ch = new Channel(in.xdrDecodeInt(), in.xdrDecodeInt(), in.xdrDecodeInt(), in.xdrDecodeInt(),
                    in.xdrDecodeInt());
            int ird = in.xdrDecodeInt();
            if (ird < 0 || ird > 1) {
                throw new Xdr.MalformedCall("rdma_ird of " + ird);
            }
            if (ird == 1) {
                in.xdrDecodeInt();
            }
            return ch;
        }

        void write(XdrEncodingStream out) {
            out.xdrEncodeInt(0);
            out.xdrEncodeInt(maxRequest);
            out.xdrEncodeInt(maxResponse);
            out.xdrEncodeInt(maxResponseCached);
            out.xdrEncodeInt(maxOps);
            out.xdrEncodeInt(maxRequests);
            out.xdrEncodeInt(0);
        }
    }

    private static int clamp(int asked, int max) {
        return asked < 0 ? max : Math.min(asked, max);
    }

    Xdr.Encoder createSession(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        long clientId = in.xdrDecodeLong();
        int sequence = in.xdrDecodeInt();
        in.xdrDecodeInt();  // flags: no persistence, no back channel (nothing is ever called back)
        Channel fore = Channel.read(in);
        Channel back = Channel.read(in);
        in.xdrDecodeInt();  // callback program
        int params = in.xdrDecodeInt();
        if (params < 0 || params > 16) {
            throw new Xdr.MalformedCall(params + " callback security parameters");
        }
        for (int i = 0; i < params; i++) {
            int flavor = in.xdrDecodeInt();
            switch (flavor) {
                case 0 -> { }
                case 1 -> {
                    in.xdrDecodeInt();
                    Xdr.opaque(in, 255);
                    in.xdrDecodeInt();
                    in.xdrDecodeInt();
                    int gids = in.xdrDecodeInt();
                    if (gids < 0 || gids > 16) {
                        throw new Xdr.MalformedCall(gids + " gids");
                    }
                    for (int g = 0; g < gids; g++) {
                        in.xdrDecodeInt();
                    }
                }
                case 6 -> {
                    in.xdrDecodeInt();
                    Xdr.opaque(in, NAME_MAX);
                    Xdr.opaque(in, NAME_MAX);
                }
                default -> throw new Xdr.MalformedCall("callback flavor " + flavor);
            }
        }
        Nfs4State.Client client = state.client(clientId, c.host);
        synchronized (client) {
            if (sequence == client.createSequence - 1 && client.lastCreateReply != null) {
                return client.lastCreateReply;  // a retransmitted CREATE_SESSION
            }
            if (sequence != client.createSequence) {
                throw new NfsRefused(NfsError.SEQ_MISORDERED, RejectReason.SEQ_MISORDERED, "CREATE_SESSION sequence "
                        + Integer.toUnsignedString(sequence));
            }
            // Linux refuses a session whose max_ops is below what it asked for; it asks for 8.
            Channel granted = new Channel(clamp(fore.maxRequest(), MAX_REQUEST),
                    clamp(fore.maxResponse(), MAX_RESPONSE), clamp(fore.maxResponseCached(), MAX_RESPONSE),
                    clamp(fore.maxOps(), Nfs4Compound.MAX_OPS),
                    Math.max(1, clamp(fore.maxRequests(), Nfs4State.MAX_SLOTS)));
            Nfs4State.Session s = state.createSession(client, granted.maxRequests(), granted.maxOps(), exports.now());
            byte[] id = s.id.clone();
            Xdr.Encoder reply = out -> {
                out.xdrEncodeOpaque(id, 16);
                out.xdrEncodeInt(sequence);
                out.xdrEncodeInt(0);
                granted.write(out);
                back.write(out);
            };
            client.lastCreateReply = reply;
            LOG.info("nfs4 session host={} address={} clientid={} slots={}", c.host, c.address,
                    Long.toHexString(client.id), granted.maxRequests());
            events.mounted(c.host, c.address);
            return reply;
        }
    }

    Xdr.Encoder destroySession(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        byte[] id = in.xdrDecodeOpaque(16);
        state.destroySession(state.session(id, c.host));
        return out -> { };
    }

    Xdr.Encoder destroyClientid(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        Nfs4State.Client client = state.client(in.xdrDecodeLong(), c.host);
        state.destroyClient(client);
        return out -> { };
    }

    Xdr.Encoder bindConnection(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        byte[] id = in.xdrDecodeOpaque(16);
        in.xdrDecodeInt();
        in.xdrDecodeBoolean();
        state.session(id, c.host);
        return out -> {
            out.xdrEncodeOpaque(id, 16);
            out.xdrEncodeInt(1);  // CDFS4_FORE: this connection carries requests, no callbacks
            out.xdrEncodeBoolean(false);
        };
    }

    Xdr.Encoder reclaimComplete(Nfs4Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        boolean oneFs = in.xdrDecodeBoolean();
        if (!oneFs) {
            Nfs4State.Client client = c.client();
            synchronized (client) {
                if (client.reclaimComplete) {
                    throw new NfsRefused(NfsError.COMPLETE_ALREADY, RejectReason.COMPLETE_ALREADY, "reclaim complete already");
                }
                client.reclaimComplete = true;
            }
        }
        return out -> { };
    }

    Xdr.Encoder secinfo(Nfs4Compound c, XdrDecodingStream in, boolean named) throws IOException, NfsRefused {
        if (named) {
            Dir d = c.current() instanceof Nfs4Fh.Pseudo ? null : c.currentDir("SECINFO");
            String name = Nfs4FileOps.component(in);
            if (d != null) {
                d.owner.lookup(d, name);
            }
        } else {
            int style = in.xdrDecodeInt();
            if (style != 0 && style != 1) {
                throw new Xdr.MalformedCall("secinfo style " + style);
            }
            c.current();
        }
        c.current = null;  // SECINFO consumes the current file handle (RFC 8881 2.6.3.1.1.8)
        return out -> {
            out.xdrEncodeInt(1);
            out.xdrEncodeInt(AUTH_SYS);
        };
    }

    private static void opaques(XdrDecodingStream in) throws IOException {
        int n = in.xdrDecodeInt();
        if (n < 0 || n > 16) {
            throw new Xdr.MalformedCall(n + " items");
        }
        for (int i = 0; i < n; i++) {
            Xdr.opaque(in, NAME_MAX);
        }
    }
}
