package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.rpc.RpcAuthError;
import org.dcache.oncrpc4j.rpc.RpcAuthStat;
import org.dcache.oncrpc4j.rpc.RpcAuthType;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcDispatchable;
import org.dcache.oncrpc4j.rpc.RpcRejectStatus;
import org.dcache.oncrpc4j.xdr.BadXdrOncRpcException;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;
import org.kdumpreceiver.store.HostIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NFS version 4.1 (RFC 8881), program 100003 version 4: COMPOUND with sessions, the operations a Linux
 * kdump client's mount and write path send. Minor version 1 only: 4.2 and 4.0 get
 * NFS4ERR_MINOR_VERS_MISMATCH, which makes mount.nfs try the next version (4.2, 4.1, 4.0, then v3).
 */
final class Nfs4Program implements RpcDispatchable {
    static final int PROGRAM = 100003;
    static final int VERSION = 4;
    static final int LEASE_SECONDS = 90;
    private static final Logger LOG = LoggerFactory.getLogger("nfs");
    private static final int MINOR_VERSION = 1;
    private static final int MAX_IO = 1 << 20;
    /** One WRITE of MAX_IO plus its compound around it. */
    private static final int MAX_REQUEST = MAX_IO + 16 * 1024;
    private static final int MAX_RESPONSE = MAX_IO + 16 * 1024;
    private static final int MAX_OPS = 64;
    /** Before a session says otherwise (EXCHANGE_ID, CREATE_SESSION and the like come alone). */
    private static final int MAX_OPS_OUTSIDE_SESSION = 16;
    private static final int FH_MAX = 128;
    private static final int NAME_MAX = 1024;
    private static final int TAG_MAX = 1024;
    private static final int UNSTABLE4 = 0;
    private static final int OPEN4_SHARE_ACCESS_WRITE = 2;
    private static final int OPEN4_RESULT_LOCKTYPE_POSIX = 4;
    private static final int EXCHGID4_FLAG_UPD_CONFIRMED_REC_A = 0x40000000;
    private static final int EXCHGID4_FLAG_CONFIRMED_R = 0x80000000;
    private static final int EXCHGID4_FLAG_USE_NON_PNFS = 0x00010000;
    private static final int AUTH_SYS = 1;
    private static final byte[] SERVER_OWNER = "kdump-receiver".getBytes(StandardCharsets.US_ASCII);
    private static final String INCOMPLETE = "-incomplete";
    /** Rejections that are part of normal use and need no event (mkdir -p looks up before it creates). */
    private static final Set<String> ROUTINE = Set.of("not-found", "exists", "complete-already");

    // Operation numbers (nfs_opnum4).
    static final int ACCESS = 3;
    static final int CLOSE = 4;
    static final int COMMIT = 5;
    static final int CREATE = 6;
    static final int DELEGRETURN = 8;
    static final int GETATTR = 9;
    static final int GETFH = 10;
    static final int LOOKUP = 15;
    static final int LOOKUPP = 16;
    static final int OPEN = 18;
    static final int OPEN_DOWNGRADE = 21;
    static final int PUTFH = 22;
    static final int PUTPUBFH = 23;
    static final int PUTROOTFH = 24;
    static final int READ = 25;
    static final int READDIR = 26;
    static final int REMOVE = 28;
    static final int RENAME = 29;
    static final int RESTOREFH = 31;
    static final int SAVEFH = 32;
    static final int SECINFO = 33;
    static final int SETATTR = 34;
    static final int WRITE = 38;
    static final int BIND_CONN_TO_SESSION = 41;
    static final int EXCHANGE_ID = 42;
    static final int CREATE_SESSION = 43;
    static final int DESTROY_SESSION = 44;
    static final int FREE_STATEID = 45;
    static final int SECINFO_NO_NAME = 52;
    static final int SEQUENCE = 53;
    static final int TEST_STATEID = 55;
    static final int DESTROY_CLIENTID = 57;
    static final int RECLAIM_COMPLETE = 58;
    static final int ILLEGAL = 10044;
    /** Operations of NFSv4.0-4.2 that are not served; anything else is OP_ILLEGAL. */
    private static final int LAST_KNOWN_OP = 75;

    private final Exports exports;
    private final ClientAccess access;
    private final NfsEvents events;
    private final Nfs4State state;
    private final Nfs4Attrs attrs;

    Nfs4Program(Exports exports, ClientAccess access, NfsEvents events) {
        this.exports = exports;
        this.access = access;
        this.events = events;
        // A capture kernel never unmounts: its client record goes silent and is dropped after three leases.
        this.state = new Nfs4State(exports.boot(), Duration.ofSeconds(3L * LEASE_SECONDS), s -> events.unmounted(
                s.client.host, s.client.address, Duration.between(s.created, exports.now()).toMillis()));
        this.attrs = new Nfs4Attrs(exports, LEASE_SECONDS, MAX_IO);
    }

    @Override
    public void dispatchOncRpcCall(RpcCall call) throws OncRpcException, IOException {
        int proc = call.getProcedure();
        if (proc == 0) {
            call.reply(Xdr.reply(out -> { }));
            return;
        }
        if (proc != 1) {
            call.failProcedureUnavailable();
            return;
        }
        InetSocketAddress remote = call.getTransport().getRemoteSocketAddress();
        HostIdentity host = access.host(remote.getAddress());
        String address = ClientAccess.text(remote.getAddress());
        if (host == null) {
            events.refusedClient(address, "nfs4 compound");
            call.reject(RpcRejectStatus.AUTH_ERROR, new RpcAuthError(RpcAuthStat.AUTH_TOOWEAK));
            return;
        }
        if (call.getCredential().type() != RpcAuthType.UNIX) {
            call.reject(RpcRejectStatus.AUTH_ERROR, new RpcAuthError(RpcAuthStat.AUTH_TOOWEAK));
            return;
        }
        Xdr.Encoder reply;
        try {
            reply = Xdr.decode(call, in -> new Compound(host, address).run(in));
        } catch (Xdr.MalformedCall | BadXdrOncRpcException e) {
            LOG.debug("garbage compound from {}: {}", address, e.getMessage());
            call.failRpcGarbage();
            return;
        } catch (NfsRefused e) {
            throw new IllegalStateException(e);  // Compound.run answers refusals itself
        }
        call.reply(Xdr.reply(reply));
    }

    /** Periodic: client records of capture kernels that went away without DESTROY_CLIENTID. */
    void sweep(Instant now) {
        for (Nfs4State.Client c : state.expire(now)) {
            LOG.info("nfs4 client expired host={} address={} clientid={}", c.host, c.address,
                    Long.toHexString(c.id));
        }
    }

    /** For tests and metrics: how many client records are held. */
    int clients() {
        return state.clientCount();
    }

    private record Result(int op, int status, Xdr.Encoder body) {
    }

    /** One COMPOUND: its operations run in order until one fails; the current and saved file handles. */
    private final class Compound {
        final HostIdentity host;
        final String address;
        final List<Result> results = new ArrayList<>();
        Nfs4State.Session session;
        Nfs4State.Slot slot;
        Nfs4Fh current;
        Nfs4Fh saved;
        boolean cacheThis;

        Compound(HostIdentity host, String address) {
            this.host = host;
            this.address = address;
        }

        Xdr.Encoder run(XdrDecodingStream in) throws IOException {
            byte[] tag = Xdr.opaque(in, TAG_MAX);
            int minor = in.xdrDecodeInt();
            int count = in.xdrDecodeInt();
            if (minor != MINOR_VERSION) {
                LOG.debug("nfs4 minor version {} from {} answered MINOR_VERS_MISMATCH", minor, address);
                return reply(tag, Nfs4Status.MINOR_VERS_MISMATCH);
            }
            if (count < 0 || count > MAX_OPS) {
                return reply(tag, Nfs4Status.TOO_MANY_OPS);
            }
            int status = Nfs4Status.OK;
            try {
                for (int i = 0; i < count && status == Nfs4Status.OK; i++) {
                    int op = in.xdrDecodeInt();
                    if (i == 0 && op == SEQUENCE) {
                        Xdr.Encoder replay = sequence(in, count);
                        if (replay != null) {
                            return replay;
                        }
                        status = results.get(results.size() - 1).status();
                        continue;
                    }
                    status = step(in, op, i, count);
                }
            } catch (RuntimeException | IOException e) {
                if (slot != null) {
                    state.done(slot, null);
                }
                throw e;
            }
            Xdr.Encoder reply = reply(tag, status);
            if (slot != null) {
                // READ data is not kept for a client that did not ask (cachethis false, as Linux sends
                // for READ and WRITE): 32 slots of 1 MiB each would be too much memory per session.
                boolean keep = cacheThis || results.stream().noneMatch(r -> r.op() == READ);
                state.done(slot, keep ? reply : null);
            }
            return reply;
        }

        /** SEQUENCE: binds the compound to a slot; a retransmission gets the slot's cached reply back. */
        private Xdr.Encoder sequence(XdrDecodingStream in, int count) throws IOException {
            byte[] id = in.xdrDecodeOpaque(16);
            int sequence = in.xdrDecodeInt();
            int slotId = in.xdrDecodeInt();
            in.xdrDecodeInt();      // highest slot in use: the table is not resized
            cacheThis = in.xdrDecodeBoolean();
            try {
                Nfs4State.Session s = state.session(id, host);
                if (count > s.maxOps) {
                    throw new NfsRefused(Nfs4Status.TOO_MANY_OPS, "too-many-ops", count + " operations");
                }
                Nfs4State.SlotUse use = state.sequence(s, slotId, sequence, exports.now());
                if (use.replay() != null) {
                    return use.replay();
                }
                session = s;
                slot = use.slot();
                int top = s.slots.length - 1;
                results.add(new Result(SEQUENCE, Nfs4Status.OK, out -> {
                    out.xdrEncodeOpaque(id, 16);
                    out.xdrEncodeInt(sequence);
                    out.xdrEncodeInt(slotId);
                    out.xdrEncodeInt(top);
                    out.xdrEncodeInt(top);
                    out.xdrEncodeInt(0);  // status flags: no callbacks are ever needed, no state is revoked
                }));
            } catch (NfsRefused e) {
                refused(SEQUENCE, e);
            }
            return null;
        }

        private int step(XdrDecodingStream in, int op, int index, int count) throws IOException {
            try {
                if (index == 0 && !sessionless(op)) {
                    throw new NfsRefused(Nfs4Status.OP_NOT_IN_SESSION, "not-in-session", opName(op)
                            + " outside a session");
                }
                if (op == SEQUENCE) {
                    throw new NfsRefused(Nfs4Status.SEQUENCE_POS, "sequence-position", "SEQUENCE not first");
                }
                if (index == 0 && count > 1 && op != DESTROY_SESSION) {
                    throw new NfsRefused(Nfs4Status.NOT_ONLY_OP, "not-only-op", opName(op) + " must come alone");
                }
                if (session == null && count > MAX_OPS_OUTSIDE_SESSION) {
                    throw new NfsRefused(Nfs4Status.TOO_MANY_OPS, "too-many-ops", count + " operations");
                }
                Xdr.Encoder body = operation(this, in, op);
                results.add(new Result(op, Nfs4Status.OK, body));
                return Nfs4Status.OK;
            } catch (NfsRefused e) {
                return refused(op, e);
            } catch (HostExport.Refusal e) {
                return refused(op, e.refused);
            } catch (Xdr.MalformedCall | BadXdrOncRpcException e) {
                LOG.debug("bad XDR in {} from {}: {}", opName(op), address, e.getMessage());
                results.add(new Result(op, Nfs4Status.BADXDR, null));
                return Nfs4Status.BADXDR;
            } catch (IOException e) {
                LOG.warn("nfs4 {} failed host={} address={}: {}", opName(op), host, address, e.toString());
                return refused(op, new NfsRefused(Nfs4Status.IO, "storage-error", e.getMessage()));
            }
        }

        private int refused(int op, NfsRefused e) {
            if (!ROUTINE.contains(e.reason())) {
                events.rejected(host, address, opName(op), e);
            }
            int status = e.status() == NfsStatus.NOT_SYNC ? Nfs4Status.INVAL : e.status();
            int code = status == Nfs4Status.OP_ILLEGAL ? ILLEGAL : op;
            results.add(new Result(code, status, null));
            return status;
        }

        private Xdr.Encoder reply(byte[] tag, int status) {
            List<Result> done = List.copyOf(results);
            return out -> {
                out.xdrEncodeInt(status);
                out.xdrEncodeDynamicOpaque(tag);
                out.xdrEncodeInt(done.size());
                for (Result r : done) {
                    out.xdrEncodeInt(r.op());
                    out.xdrEncodeInt(r.status());
                    if (r.status() == Nfs4Status.OK) {
                        r.body().encode(out);
                    } else if (r.op() == SETATTR) {
                        out.xdrEncodeInt(0);  // SETATTR4res carries attrsset even when it fails
                    }
                }
            };
        }

        Nfs4State.Client client() {
            return session.client;
        }

        Nfs4Fh current() throws NfsRefused {
            if (current == null) {
                throw new NfsRefused(Nfs4Status.NOFILEHANDLE, "no-filehandle", "no current file handle");
            }
            return current;
        }

        Node currentNode(String what) throws NfsRefused {
            if (current() instanceof Nfs4Fh.Real r) {
                return r.node();
            }
            throw new NfsRefused(Nfs4Status.ACCESS, "pseudo-directory", what + " in a directory above the export");
        }

        Dir currentDir(String what) throws NfsRefused {
            Node n = currentNode(what);
            if (n instanceof Dir d) {
                return d;
            }
            throw new NfsRefused(Nfs4Status.NOTDIR, "not-directory", "'" + n.name + "' is not a directory");
        }

        NfsFile currentFile() throws NfsRefused {
            Nfs4Fh fh = current();
            if (fh instanceof Nfs4Fh.Real r && r.node() instanceof NfsFile f) {
                return f;
            }
            throw new NfsRefused(Nfs4Status.ISDIR, "is-directory", "not a file");
        }
    }

    private static boolean sessionless(int op) {
        return op == SEQUENCE || op == EXCHANGE_ID || op == CREATE_SESSION || op == DESTROY_SESSION
                || op == DESTROY_CLIENTID || op == BIND_CONN_TO_SESSION;
    }

    private Xdr.Encoder operation(Compound c, XdrDecodingStream in, int op) throws IOException, NfsRefused {
        if ((op == EXCHANGE_ID || op == CREATE_SESSION || op == DESTROY_CLIENTID || op == BIND_CONN_TO_SESSION)
                && c.session != null) {
            throw new NfsRefused(Nfs4Status.NOT_ONLY_OP, "not-only-op", opName(op) + " must come alone");
        }
        return switch (op) {
            case ACCESS -> access(c, in);
            case CLOSE -> close(c, in);
            case COMMIT -> commit(c, in);
            case CREATE -> create(c, in);
            case DELEGRETURN -> {
                stateid(in);
                throw new NfsRefused(Nfs4Status.BAD_STATEID, "bad-stateid", "no delegations are given");
            }
            case GETATTR -> getattr(c, in);
            case GETFH -> getfh(c);
            case LOOKUP -> lookup(c, in);
            case LOOKUPP -> lookupp(c);
            case OPEN -> open(c, in);
            case OPEN_DOWNGRADE -> openDowngrade(c, in);
            case PUTFH -> putfh(c, in);
            case PUTPUBFH, PUTROOTFH -> putrootfh(c);
            case READ -> read(c, in);
            case READDIR -> readdir(c, in);
            case REMOVE -> remove(c, in);
            case RENAME -> rename(c, in);
            case RESTOREFH -> restorefh(c);
            case SAVEFH -> savefh(c);
            case SECINFO -> secinfo(c, in, true);
            case SECINFO_NO_NAME -> secinfo(c, in, false);
            case SETATTR -> setattr(c, in);
            case WRITE -> write(c, in);
            case BIND_CONN_TO_SESSION -> bindConnection(c, in);
            case EXCHANGE_ID -> exchangeId(c, in);
            case CREATE_SESSION -> createSession(c, in);
            case DESTROY_SESSION -> destroySession(c, in);
            case FREE_STATEID -> freeStateid(c, in);
            case TEST_STATEID -> testStateid(c, in);
            case DESTROY_CLIENTID -> destroyClientid(c, in);
            case RECLAIM_COMPLETE -> reclaimComplete(c, in);
            default -> {
                if (op >= ACCESS && op <= LAST_KNOWN_OP) {
                    throw new NfsRefused(Nfs4Status.NOTSUPP, "not-supported", opName(op) + " is not served");
                }
                throw new NfsRefused(Nfs4Status.OP_ILLEGAL, "illegal-op", "operation " + op);
            }
        };
    }

    // ---- sessions and clients

    private Xdr.Encoder exchangeId(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
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
            throw new NfsRefused(Nfs4Status.NOTSUPP, "state-protection", "only SP4_NONE is served");
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

    private Xdr.Encoder createSession(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
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
                throw new NfsRefused(Nfs4Status.SEQ_MISORDERED, "seq-misordered", "CREATE_SESSION sequence "
                        + Integer.toUnsignedString(sequence));
            }
            Channel granted = new Channel(clamp(fore.maxRequest(), MAX_REQUEST), clamp(fore.maxResponse(),
                    MAX_RESPONSE), clamp(fore.maxResponseCached(), MAX_RESPONSE), clamp(fore.maxOps(), MAX_OPS),
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

    private Xdr.Encoder destroySession(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        byte[] id = in.xdrDecodeOpaque(16);
        state.destroySession(state.session(id, c.host));
        return out -> { };
    }

    private Xdr.Encoder destroyClientid(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        Nfs4State.Client client = state.client(in.xdrDecodeLong(), c.host);
        state.destroyClient(client);
        return out -> { };
    }

    private Xdr.Encoder bindConnection(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
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

    private Xdr.Encoder reclaimComplete(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        boolean oneFs = in.xdrDecodeBoolean();
        if (!oneFs) {
            Nfs4State.Client client = c.client();
            synchronized (client) {
                if (client.reclaimComplete) {
                    throw new NfsRefused(Nfs4Status.COMPLETE_ALREADY, "complete-already", "reclaim complete already");
                }
                client.reclaimComplete = true;
            }
        }
        return out -> { };
    }

    private Xdr.Encoder secinfo(Compound c, XdrDecodingStream in, boolean named) throws IOException, NfsRefused {
        if (named) {
            Dir d = c.current() instanceof Nfs4Fh.Pseudo ? null : c.currentDir("SECINFO");
            String name = component(in);
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

    // ---- file handles and names

    private Xdr.Encoder putfh(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        byte[] handle = Xdr.opaque(in, FH_MAX);
        int depth = exports.pseudoDepth(handle);
        c.current = depth >= 0 ? new Nfs4Fh.Pseudo(depth) : new Nfs4Fh.Real(exports.node(handle, c.host));
        return out -> { };
    }

    private Xdr.Encoder putrootfh(Compound c) {
        c.current = exports.exportPath().isEmpty() ? new Nfs4Fh.Real(exports.of(c.host).root) : new Nfs4Fh.Pseudo(0);
        return out -> { };
    }

    private Xdr.Encoder getfh(Compound c) throws NfsRefused {
        byte[] handle = attrs.handle(c.current());
        return out -> out.xdrEncodeDynamicOpaque(handle);
    }

    private Xdr.Encoder savefh(Compound c) throws NfsRefused {
        c.saved = c.current();
        return out -> { };
    }

    private Xdr.Encoder restorefh(Compound c) throws NfsRefused {
        if (c.saved == null) {
            throw new NfsRefused(Nfs4Status.RESTOREFH, "no-filehandle", "no saved file handle");
        }
        c.current = c.saved;
        return out -> { };
    }

    private static String component(XdrDecodingStream in) throws IOException, NfsRefused {
        String name = Xdr.string(in, NAME_MAX);
        if (name.isEmpty()) {
            throw new NfsRefused(Nfs4Status.INVAL, "bad-name", "empty name");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new NfsRefused(Nfs4Status.BADNAME, name.equals("..") ? "path-escape" : "bad-name",
                    "'" + name + "' is not a name in NFSv4");
        }
        HostExport.checkName(name);
        return name;
    }

    private Xdr.Encoder lookup(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        Nfs4Fh fh = c.current();
        String name = component(in);
        if (fh instanceof Nfs4Fh.Pseudo p) {
            List<String> path = exports.exportPath();
            if (!path.get(p.depth()).equals(name)) {
                throw new NfsRefused(Nfs4Status.NOENT, "not-found", "no '" + name + "'");
            }
            c.current = p.depth() + 1 == path.size() ? new Nfs4Fh.Real(exports.of(c.host).root)
                    : new Nfs4Fh.Pseudo(p.depth() + 1);
        } else {
            Dir d = c.currentDir("LOOKUP");
            c.current = new Nfs4Fh.Real(d.owner.lookup(d, name));
        }
        return out -> { };
    }

    private Xdr.Encoder lookupp(Compound c) throws NfsRefused {
        Nfs4Fh fh = c.current();
        List<String> path = exports.exportPath();
        if (fh instanceof Nfs4Fh.Pseudo p) {
            if (p.depth() == 0) {
                throw new NfsRefused(Nfs4Status.NOENT, "path-escape", "no parent of /");
            }
            c.current = new Nfs4Fh.Pseudo(p.depth() - 1);
        } else {
            Dir d = c.currentDir("LOOKUPP");
            if (d.parent != null) {
                c.current = new Nfs4Fh.Real(d.parent);
            } else if (!path.isEmpty()) {
                c.current = new Nfs4Fh.Pseudo(path.size() - 1);
            } else {
                throw new NfsRefused(Nfs4Status.NOENT, "path-escape", "no parent of /");
            }
        }
        return out -> { };
    }

    // ---- attributes and access

    private Xdr.Encoder getattr(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        int[] asked = Nfs4Attrs.readMask(in);
        Nfs4Attrs.Fattr f = attrs.encode(c.current(), asked);
        return f::write;
    }

    private Xdr.Encoder setattr(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        stateid(in);  // the file handle says which file; a write-open is not required to set its times
        Nfs4Attrs.Settable s = Nfs4Attrs.readSettable(in);
        Node n = c.currentNode("SETATTR");
        n.owner.setattr(n, s.mode(), s.size(), s.atime(), s.mtime());
        int[] set = s.mask();
        return out -> Nfs4Attrs.writeMask(out, set);
    }

    private Xdr.Encoder access(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        int asked = in.xdrDecodeInt();
        Nfs4Fh fh = c.current();
        int granted;
        if (fh instanceof Nfs4Fh.Pseudo) {
            granted = 0x1 | 0x2;  // READ LOOKUP
        } else if (((Nfs4Fh.Real) fh).node() instanceof NfsFile f) {
            granted = f.finished ? 0 : 0x1 | 0x4 | 0x8 | 0x10;  // READ MODIFY EXTEND DELETE
        } else {
            granted = 0x1 | 0x2 | 0x4 | 0x8 | 0x10;
        }
        int supported = asked & 0x3f;
        int result = asked & granted;
        return out -> {
            out.xdrEncodeInt(supported);
            out.xdrEncodeInt(result);
        };
    }

    // ---- directories

    private static long change(Node n) {
        return n.ctime.getEpochSecond() * 1_000_000_000L + n.ctime.getNano();
    }

    private static void changeInfo(XdrEncodingStream out, long before, long after) {
        out.xdrEncodeBoolean(false);
        out.xdrEncodeLong(before);
        out.xdrEncodeLong(after);
    }

    private Xdr.Encoder create(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        int type = in.xdrDecodeInt();
        switch (type) {
            case 2, 6, 7 -> { }                 // NF4DIR, NF4SOCK, NF4FIFO
            case 3, 4 -> {                      // NF4BLK, NF4CHR
                in.xdrDecodeInt();
                in.xdrDecodeInt();
            }
            case 5 -> Xdr.opaque(in, NAME_MAX); // NF4LNK
            default -> throw new NfsRefused(Nfs4Status.BADTYPE, "bad-type", "object type " + type);
        }
        String name = component(in);
        Nfs4Attrs.Settable s = Nfs4Attrs.readSettable(in);
        if (type != 2) {
            throw new NfsRefused(Nfs4Status.BADTYPE, "bad-type", "only directories and regular files are served");
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

    private Xdr.Encoder remove(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
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

    private Xdr.Encoder rename(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        String from = component(in);
        String to = component(in);
        if (c.saved == null) {
            throw new NfsRefused(Nfs4Status.NOFILEHANDLE, "no-filehandle", "no saved file handle");
        }
        if (!(c.saved instanceof Nfs4Fh.Real r) || !(r.node() instanceof Dir fromDir)) {
            throw new NfsRefused(Nfs4Status.NOTDIR, "not-directory", "rename source is not a directory");
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

    private Xdr.Encoder readdir(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
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
            throw new NfsRefused(Nfs4Status.BAD_COOKIE, "bad-cookie", "cookie " + cookie);
        }
        int first = cookie == 0 ? 0 : (int) (cookie - 2);
        int budget = maxcount - 16 - 8 - 8;  // status, verifier, list end and eof
        List<Nfs4Attrs.Fattr> fattrs = new ArrayList<>();
        int end = first;
        int used = 0;
        while (end < entries.size()) {
            Nfs4Attrs.Fattr f = attrs.encode(entries.get(end).fh(), asked);
            int size = 4 + 8 + 4 + ((entries.get(end).name().getBytes(StandardCharsets.UTF_8).length + 3) & ~3)
                    + f.encodedSize();
            if (used + size > budget) {
                break;
            }
            used += size;
            fattrs.add(f);
            end++;
        }
        if (end == first && first < entries.size()) {
            throw new NfsRefused(Nfs4Status.TOOSMALL, "too-small", "maxcount " + maxcount);
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

    private record Stateid(int sequence, byte[] other) {
    }

    private static Stateid stateid(XdrDecodingStream in) throws IOException {
        return new Stateid(in.xdrDecodeInt(), in.xdrDecodeOpaque(12));
    }

    private static void stateid(XdrEncodingStream out, int sequence, byte[] other) {
        out.xdrEncodeInt(sequence);
        out.xdrEncodeOpaque(other, 12);
    }

    private Xdr.Encoder open(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        in.xdrDecodeInt();  // seqid: unused in 4.1
        int shareAccess = in.xdrDecodeInt();
        in.xdrDecodeInt();  // share_deny: not enforced, a host's files are only its own
        in.xdrDecodeLong();
        Xdr.opaque(in, NAME_MAX);
        int openType = in.xdrDecodeInt();
        int how = -1;
        byte[] verifier = null;
        Nfs4Attrs.Settable s = Nfs4Attrs.Settable.NONE;
        if (openType == 1) {
            how = in.xdrDecodeInt();
            switch (how) {
                case 0, 1 -> s = Nfs4Attrs.readSettable(in);  // UNCHECKED4, GUARDED4
                case 2 -> verifier = in.xdrDecodeOpaque(8);    // EXCLUSIVE4
                case 3 -> {                                    // EXCLUSIVE4_1
                    verifier = in.xdrDecodeOpaque(8);
                    s = Nfs4Attrs.readSettable(in);
                }
                default -> throw new Xdr.MalformedCall("createmode4 " + how);
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
                throw new NfsRefused(Nfs4Status.NO_GRACE, "no-grace", "nothing to reclaim after a restart");
            }
            case 2 -> {
                stateid(in);
                component(in);
                throw new NfsRefused(Nfs4Status.NOTSUPP, "not-supported", "no delegations are given");
            }
            case 3 -> {
                component(in);
                throw new NfsRefused(Nfs4Status.NOTSUPP, "not-supported", "no delegations are given");
            }
            case 5 -> {
                stateid(in);
                throw new NfsRefused(Nfs4Status.NOTSUPP, "not-supported", "no delegations are given");
            }
            case 6 -> throw new NfsRefused(Nfs4Status.NOTSUPP, "not-supported", "no delegations are given");
            default -> throw new Xdr.MalformedCall("open_claim_type4 " + claim);
        }
        NfsFile f;
        long before = 0;
        long after = 0;
        if (name != null) {
            Dir d = c.currentDir("OPEN");
            before = change(d);
            if (openType == 1) {
                int v3how = how == 0 ? 0 : how == 1 ? 1 : 2;
                f = d.owner.create(d, name, v3how, s.mode(), s.size(), verifier, c.address);
            } else {
                Node n = d.owner.lookup(d, name);
                if (!(n instanceof NfsFile file)) {
                    throw new NfsRefused(Nfs4Status.ISDIR, "is-directory", "'" + name + "' is a directory");
                }
                f = file;
            }
            after = change(d);
        } else {
            if (openType == 1) {
                throw new NfsRefused(Nfs4Status.INVAL, "bad-open", "CLAIM_FH cannot create");
            }
            f = c.currentFile();
        }
        if (f.finished) {
            throw new NfsRefused(Nfs4Status.ACCESS, "finished-file", "'" + f.name + "' is sealed; stored dumps are"
                    + " never opened again");
        }
        Nfs4State.Open o = state.open(c.client(), f);
        c.current = new Nfs4Fh.Real(f);
        byte[] other = o.other.clone();
        int[] set = how == 2 ? new int[0] : s.mask();
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

    private Xdr.Encoder openDowngrade(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        Stateid sid = stateid(in);
        in.xdrDecodeInt();
        in.xdrDecodeInt();
        in.xdrDecodeInt();
        Nfs4State.Open o = state.stateid(c.client(), sid.other());
        if (o == null) {
            throw new NfsRefused(Nfs4Status.BAD_STATEID, "bad-stateid", "special stateid");
        }
        int next = ++o.sequence;
        byte[] other = o.other.clone();
        return out -> stateid(out, next, other);
    }

    private Xdr.Encoder close(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        in.xdrDecodeInt();  // seqid: unused in 4.1
        Stateid sid = stateid(in);
        Nfs4State.Open o = state.stateid(c.client(), sid.other());
        if (o == null) {
            throw new NfsRefused(Nfs4Status.BAD_STATEID, "bad-stateid", "special stateid");
        }
        NfsFile f = o.file;
        boolean last = state.close(o);
        // The writer closed a file with its final name: it is done, as an SSH upload is at end of stream.
        // *-incomplete files wait for their rename; a file reopened later is refused (docs/nfs.md).
        if (last && !f.finished && !f.name.contains(INCOMPLETE)) {
            f.owner.finish(f, "closed");
        }
        int next = o.sequence + 1;
        byte[] other = o.other.clone();
        return out -> stateid(out, next, other);
    }

    private void checkStateid(Compound c, Stateid sid, NfsFile f) throws NfsRefused {
        Nfs4State.Open o = state.stateid(c.client(), sid.other());
        if (o != null && o.file != f) {
            throw new NfsRefused(Nfs4Status.BAD_STATEID, "bad-stateid", "stateid of another file");
        }
    }

    private Xdr.Encoder write(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        Stateid sid = stateid(in);
        long offset = in.xdrDecodeLong();
        in.xdrDecodeInt();  // stable: answered UNSTABLE whatever was asked (docs/nfs.md, Durability)
        byte[] data = Xdr.opaque(in, MAX_IO);
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
    private Xdr.Encoder commit(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        in.xdrDecodeLong();
        in.xdrDecodeInt();
        c.currentFile();
        byte[] verf = exports.verifier();
        return out -> out.xdrEncodeOpaque(verf, 8);
    }

    private Xdr.Encoder read(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        Stateid sid = stateid(in);
        long offset = in.xdrDecodeLong();
        int count = Math.min(Math.max(in.xdrDecodeInt(), 0), MAX_IO);
        NfsFile f = c.currentFile();
        checkStateid(c, sid, f);
        if (offset < 0) {
            throw new NfsRefused(Nfs4Status.INVAL, "bad-offset", "offset " + Long.toUnsignedString(offset));
        }
        byte[] data = f.owner.read(f, offset, count);
        boolean eof = offset + data.length >= f.size;
        return out -> {
            out.xdrEncodeBoolean(eof);
            out.xdrEncodeDynamicOpaque(data);
        };
    }

    private Xdr.Encoder testStateid(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
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

    private Xdr.Encoder freeStateid(Compound c, XdrDecodingStream in) throws IOException, NfsRefused {
        state.free(c.client(), stateid(in).other());
        return out -> { };
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

    static String opName(int op) {
        return switch (op) {
            case ACCESS -> "ACCESS";
            case CLOSE -> "CLOSE";
            case COMMIT -> "COMMIT";
            case CREATE -> "CREATE";
            case DELEGRETURN -> "DELEGRETURN";
            case GETATTR -> "GETATTR";
            case GETFH -> "GETFH";
            case LOOKUP -> "LOOKUP";
            case LOOKUPP -> "LOOKUPP";
            case OPEN -> "OPEN";
            case OPEN_DOWNGRADE -> "OPEN_DOWNGRADE";
            case PUTFH -> "PUTFH";
            case PUTPUBFH -> "PUTPUBFH";
            case PUTROOTFH -> "PUTROOTFH";
            case READ -> "READ";
            case READDIR -> "READDIR";
            case REMOVE -> "REMOVE";
            case RENAME -> "RENAME";
            case RESTOREFH -> "RESTOREFH";
            case SAVEFH -> "SAVEFH";
            case SECINFO -> "SECINFO";
            case SETATTR -> "SETATTR";
            case WRITE -> "WRITE";
            case BIND_CONN_TO_SESSION -> "BIND_CONN_TO_SESSION";
            case EXCHANGE_ID -> "EXCHANGE_ID";
            case CREATE_SESSION -> "CREATE_SESSION";
            case DESTROY_SESSION -> "DESTROY_SESSION";
            case FREE_STATEID -> "FREE_STATEID";
            case SECINFO_NO_NAME -> "SECINFO_NO_NAME";
            case SEQUENCE -> "SEQUENCE";
            case TEST_STATEID -> "TEST_STATEID";
            case DESTROY_CLIENTID -> "DESTROY_CLIENTID";
            case RECLAIM_COMPLETE -> "RECLAIM_COMPLETE";
            default -> "OP" + op;
        };
    }
}
