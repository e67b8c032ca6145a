package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcDispatchable;
import org.dcache.oncrpc4j.xdr.BadXdrOncRpcException;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.kdumpreceiver.ingest.RejectReason;
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
    private final Nfs4SessionOps sessions;
    private final Nfs4FileOps files;

    Nfs4Program(Exports exports, ClientAccess access, NfsEvents events) {
        this.exports = exports;
        this.access = access;
        this.events = events;
        // A capture kernel never unmounts: its client record goes silent and is dropped after three leases.
        this.state = new Nfs4State(exports.boot(), Duration.ofSeconds(3L * LEASE_SECONDS), s -> events.unmounted(
                s.client.host, s.client.address, Duration.between(s.created, exports.now()).toMillis()));
        this.sessions = new Nfs4SessionOps(state, exports, events);
        this.files = new Nfs4FileOps(state, exports, new Nfs4Attrs(exports, LEASE_SECONDS, Exports.MAX_IO));
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
        HostIdentity host = access.admit(call, events, "nfs4 compound");
        if (host == null) {
            return;
        }
        String address = ClientAccess.text(call.getTransport().getRemoteSocketAddress().getAddress());
        Xdr.Encoder reply;
        try {
            reply = Xdr.decode(call, in -> new Nfs4Compound(host, address, state, exports, events, this::operation)
                    .run(in));
        } catch (Xdr.MalformedCall | BadXdrOncRpcException e) {
            LOG.debug("garbage compound from {}: {}", address, e.getMessage());
            call.failRpcGarbage();
            return;
        } catch (NfsRefused e) {
            throw new IllegalStateException(e);  // Nfs4Compound.run answers refusals itself
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

    private Xdr.Encoder operation(Nfs4Compound c, XdrDecodingStream in, int op) throws IOException, NfsRefused {
        if ((op == EXCHANGE_ID || op == CREATE_SESSION || op == DESTROY_CLIENTID || op == BIND_CONN_TO_SESSION)
                && c.session != null) {
            throw new NfsRefused(NfsError.NOT_ONLY_OP, RejectReason.NOT_ONLY_OP, opName(op) + " must come alone");
        }
        return switch (op) {
            case ACCESS -> files.access(c, in);
            case CLOSE -> files.close(c, in);
            case COMMIT -> files.commit(c, in);
            case CREATE -> files.create(c, in);
            case DELEGRETURN -> {
                Nfs4FileOps.stateid(in);
                throw new NfsRefused(NfsError.BAD_STATEID, RejectReason.BAD_STATEID, "no delegations are given");
            }
            case GETATTR -> files.getattr(c, in);
            case GETFH -> files.getfh(c);
            case LOOKUP -> files.lookup(c, in);
            case LOOKUPP -> files.lookupp(c);
            case OPEN -> files.open(c, in);
            case OPEN_DOWNGRADE -> files.openDowngrade(c, in);
            case PUTFH -> files.putfh(c, in);
            case PUTPUBFH, PUTROOTFH -> files.putrootfh(c);
            case READ -> files.read(c, in);
            case READDIR -> files.readdir(c, in);
            case REMOVE -> files.remove(c, in);
            case RENAME -> files.rename(c, in);
            case RESTOREFH -> files.restorefh(c);
            case SAVEFH -> files.savefh(c);
            case SECINFO -> sessions.secinfo(c, in, true);
            case SECINFO_NO_NAME -> sessions.secinfo(c, in, false);
            case SETATTR -> files.setattr(c, in);
            case WRITE -> files.write(c, in);
            case BIND_CONN_TO_SESSION -> sessions.bindConnection(c, in);
            case EXCHANGE_ID -> sessions.exchangeId(c, in);
            case CREATE_SESSION -> sessions.createSession(c, in);
            case DESTROY_SESSION -> sessions.destroySession(c, in);
            case FREE_STATEID -> files.freeStateid(c, in);
            case TEST_STATEID -> files.testStateid(c, in);
            case DESTROY_CLIENTID -> sessions.destroyClientid(c, in);
            case RECLAIM_COMPLETE -> sessions.reclaimComplete(c, in);
            default -> {
                if (op >= ACCESS && op <= LAST_KNOWN_OP) {
                    throw new NfsRefused(NfsError.NOTSUPP, RejectReason.NOT_SUPPORTED, opName(op) + " is not served");
                }
                throw new NfsRefused(NfsError.OP_ILLEGAL, RejectReason.ILLEGAL_OP, "operation " + op);
            }
        };
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
