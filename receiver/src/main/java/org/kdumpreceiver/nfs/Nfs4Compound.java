package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dcache.oncrpc4j.xdr.BadXdrOncRpcException;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.store.HostIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NFSv4.1 COMPOUND: its operations run in order until one fails, bound to a session slot by its
 * SEQUENCE, with the current and saved file handles the operations share.
 */
final class Nfs4Compound {
    /** Runs one operation of a COMPOUND (the operation number is read already). */
    @FunctionalInterface
    interface Operations {
        Xdr.Encoder run(Nfs4Compound c, XdrDecodingStream in, int op) throws IOException, NfsRefused;
    }

    private record Result(int op, int status, Xdr.Encoder body) {
    }

    private static final Logger LOG = LoggerFactory.getLogger("nfs");
    private static final int MINOR_VERSION = 1;
    private static final int TAG_MAX = 1024;
    static final int MAX_OPS = 64;
    /** Before a session says otherwise (EXCHANGE_ID, CREATE_SESSION and the like come alone). */
    private static final int MAX_OPS_OUTSIDE_SESSION = 16;

    private final Nfs4State state;
    private final Exports exports;
    private final NfsEvents events;
    private final Operations operations;
    private final List<Result> results = new ArrayList<>();
    final HostIdentity host;
    final String address;
    Nfs4State.Session session;
    Nfs4State.Slot slot;
    Nfs4Fh current;
    Nfs4Fh saved;
    boolean cacheThis;

    Nfs4Compound(HostIdentity host, String address, Nfs4State state, Exports exports, NfsEvents events,
            Operations operations) {
        this.host = host;
        this.address = address;
        this.state = state;
        this.exports = exports;
        this.events = events;
        this.operations = operations;
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
                if (i == 0 && op == Nfs4Program.SEQUENCE) {
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
            // READ data is not kept for a client that did not ask (cachethis false, as Linux sends for READ
            // and WRITE): 32 slots of 1 MiB each would be too much memory per session.
            boolean keep = cacheThis || results.stream().noneMatch(r -> r.op() == Nfs4Program.READ);
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
                throw new NfsRefused(NfsError.TOO_MANY_OPS, RejectReason.TOO_MANY_OPS, count + " operations");
            }
            Nfs4State.SlotUse use = state.sequence(s, slotId, sequence, exports.now());
            if (use.replay() != null) {
                return use.replay();
            }
            session = s;
            slot = use.slot();
            int top = s.slots.length - 1;
            results.add(new Result(Nfs4Program.SEQUENCE, Nfs4Status.OK, out -> {
                out.xdrEncodeOpaque(id, 16);
                out.xdrEncodeInt(sequence);
                out.xdrEncodeInt(slotId);
                out.xdrEncodeInt(top);
                out.xdrEncodeInt(top);
                out.xdrEncodeInt(0);  // status flags: no callbacks are ever needed, no state is revoked
            }));
        } catch (NfsRefused e) {
            refused(Nfs4Program.SEQUENCE, e);
        }
        return null;
    }

    private int step(XdrDecodingStream in, int op, int index, int count) throws IOException {
        try {
            if (index == 0 && !sessionless(op)) {
                throw new NfsRefused(NfsError.OP_NOT_IN_SESSION, RejectReason.NOT_IN_SESSION, Nfs4Program.opName(op)
                        + " outside a session");
            }
            if (op == Nfs4Program.SEQUENCE) {
                throw new NfsRefused(NfsError.SEQUENCE_POS, RejectReason.SEQUENCE_POSITION, "SEQUENCE not first");
            }
            if (index == 0 && count > 1 && op != Nfs4Program.DESTROY_SESSION) {
                throw new NfsRefused(NfsError.NOT_ONLY_OP, RejectReason.NOT_ONLY_OP, Nfs4Program.opName(op)
                        + " must come alone");
            }
            if (session == null && count > MAX_OPS_OUTSIDE_SESSION) {
                throw new NfsRefused(NfsError.TOO_MANY_OPS, RejectReason.TOO_MANY_OPS, count + " operations");
            }
            Xdr.Encoder body = operations.run(this, in, op);
            results.add(new Result(op, Nfs4Status.OK, body));
            return Nfs4Status.OK;
        } catch (NfsRefused e) {
            return refused(op, e);
        } catch (Xdr.MalformedCall | BadXdrOncRpcException e) {
            LOG.debug("bad XDR in {} from {}: {}", Nfs4Program.opName(op), address, e.getMessage());
            results.add(new Result(op, Nfs4Status.BADXDR, null));
            return Nfs4Status.BADXDR;
        } catch (IOException e) {
            LOG.warn("nfs4 {} failed host={} address={}: {}", Nfs4Program.opName(op), host, address, e.toString());
            return refused(op, new NfsRefused(NfsError.IO, RejectReason.STORAGE_ERROR, e.getMessage()));
        }
    }

    private int refused(int op, NfsRefused e) {
        events.rejected(host, address, Nfs4Program.opName(op), e);
        int status = e.error().v4();
        int code = e.error() == NfsError.OP_ILLEGAL ? Nfs4Program.ILLEGAL : op;
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
                } else if (r.op() == Nfs4Program.SETATTR) {
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
            throw new NfsRefused(NfsError.NOFILEHANDLE, RejectReason.NO_FILEHANDLE, "no current file handle");
        }
        return current;
    }

    Node currentNode(String what) throws NfsRefused {
        if (current() instanceof Nfs4Fh.Real r) {
            return r.node();
        }
        throw new NfsRefused(NfsError.ACCESS, RejectReason.PSEUDO_DIRECTORY, what + " in a directory above the export");
    }

    Dir currentDir(String what) throws NfsRefused {
        Node n = currentNode(what);
        if (n instanceof Dir d) {
            return d;
        }
        throw new NfsRefused(NfsError.NOTDIR, RejectReason.NOT_DIRECTORY, "'" + n.name + "' is not a directory");
    }

    NfsFile currentFile() throws NfsRefused {
        Nfs4Fh fh = current();
        if (fh instanceof Nfs4Fh.Real r && r.node() instanceof NfsFile f) {
            return f;
        }
        throw new NfsRefused(NfsError.ISDIR, RejectReason.IS_DIRECTORY, "not a file");
    }

    /** The operations that may open a COMPOUND without a SEQUENCE (RFC 8881 2.10.6.4). */
    private static boolean sessionless(int op) {
        return op == Nfs4Program.SEQUENCE || op == Nfs4Program.EXCHANGE_ID || op == Nfs4Program.CREATE_SESSION
                || op == Nfs4Program.DESTROY_SESSION || op == Nfs4Program.DESTROY_CLIENTID
                || op == Nfs4Program.BIND_CONN_TO_SESSION;
    }
}
