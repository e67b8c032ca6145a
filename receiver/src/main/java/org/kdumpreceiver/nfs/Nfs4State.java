package org.kdumpreceiver.nfs;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.store.HostIdentity;

/**
 * NFSv4.1 client state: client records (EXCHANGE_ID), their sessions and slot tables with the reply of
 * each slot's last request (the exactly-once cache of RFC 8881 2.10.6), and open stateids. Everything is
 * in memory and dies with the daemon, as file handles do (docs/nfs.md). All methods are synchronized;
 * nothing here calls into {@link HostExport}, so the two locks never nest.
 */
final class Nfs4State {
    static final int MAX_SLOTS = 32;
    static final int MAX_CLIENTS = 10_000;
    private static final int MAX_OPENS_PER_CLIENT = 10_000;

    private final int boot;
    private final Duration expiry;
    private final java.util.function.Consumer<Session> ended;
    private long nextClient = 1;
    private long nextSession = 1;
    private long nextStateid = 1;
    private final Map<Long, Client> clients = new HashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Open> opens = new HashMap<>();

    /** {@code ended} hears of every session that ends, destroyed by its client or dropped with it. */
    Nfs4State(long boot, Duration expiry, java.util.function.Consumer<Session> ended) {
        this.boot = (int) boot;
        this.expiry = expiry;
        this.ended = ended;
    }

    /** A client record: one client instance (owner id and boot verifier) of one host. */
    static final class Client {
        final long id;
        final String owner;
        final byte[] verifier;
        final HostIdentity host;
        final String address;
        boolean confirmed;
        boolean reclaimComplete;
        /** The csa_sequenceid the next CREATE_SESSION must carry. */
        int createSequence = 1;
        Xdr.Encoder lastCreateReply;
        Instant lastUsed;

        Client(long id, String owner, byte[] verifier, HostIdentity host, String address, Instant now) {
            this.id = id;
            this.owner = owner;
            this.verifier = verifier;
            this.host = host;
            this.address = address;
            this.lastUsed = now;
        }
    }

    static final class Slot {
        int sequence;
        Xdr.Encoder reply;
        boolean busy;
    }

    static final class Session {
        final byte[] id;
        final Client client;
        final Slot[] slots;
        final int maxOps;
        final Instant created;

        Session(byte[] id, Client client, int slots, int maxOps, Instant created) {
            this.id = id;
            this.client = client;
            this.slots = new Slot[slots];
            for (int i = 0; i < slots; i++) {
                this.slots[i] = new Slot();
            }
            this.maxOps = maxOps;
            this.created = created;
        }
    }

    /** An open stateid: which client opened which file. */
    static final class Open {
        final byte[] other;
        final Client client;
        final NfsFile file;
        int sequence = 1;

        Open(byte[] other, Client client, NfsFile file) {
            this.other = other;
            this.client = client;
            this.file = file;
        }
    }

    /** What EXCHANGE_ID answers: the record and whether it was confirmed already. */
    record Exchange(Client client, boolean confirmed) {
    }

    /**
     * EXCHANGE_ID for {@code ownerId} from {@code host}: the same record while the client instance is the
     * same, a new one when it rebooted (new verifier), which drops the old instance's sessions and opens.
     * Owner ids are scoped by host so one host cannot take over another's record.
     */
    synchronized Exchange exchange(HostIdentity host, String address, byte[] ownerId, byte[] verifier,
            boolean update, Instant now) throws NfsRefused {
        String owner = host.name() + "/" + HexFormat.of().formatHex(ownerId);
        Client existing = null;
        for (Client c : clients.values()) {
            if (c.owner.equals(owner)) {
                existing = c;
                break;
            }
        }
        if (update) {
            if (existing == null || !existing.confirmed) {
                throw new NfsRefused(NfsError.NOENT, RejectReason.NO_CLIENT, "no confirmed client record to update");
            }
            existing.lastUsed = now;
            return new Exchange(existing, true);
        }
        if (existing != null && java.util.Arrays.equals(existing.verifier, verifier)) {
            existing.lastUsed = now;
            return new Exchange(existing, existing.confirmed);
        }
        if (existing != null) {
            drop(existing);
        }
        if (clients.size() >= MAX_CLIENTS) {
            throw new NfsRefused(NfsError.SERVERFAULT, RejectReason.TOO_MANY, "too many NFSv4 clients");
        }
        Client c = new Client(((long) boot << 32) | (nextClient++ & 0xffffffffL), owner, verifier.clone(), host,
                address, now);
        clients.put(c.id, c);
        return new Exchange(c, false);
    }

    /** The record {@code clientId} names, if it is {@code host}'s; another host's looks stale. */
    synchronized Client client(long clientId, HostIdentity host) throws NfsRefused {
        Client c = clients.get(clientId);
        if (c == null || !c.host.equals(host)) {
            throw new NfsRefused(NfsError.STALE_CLIENTID, RejectReason.STALE_CLIENT, "unknown client id");
        }
        return c;
    }

    synchronized Session createSession(Client c, int slots, int maxOps, Instant now) {
        ByteBuffer id = ByteBuffer.allocate(16).putLong(c.id).putInt(boot).putInt((int) nextSession++);
        Session s = new Session(id.array(), c, Math.max(1, Math.min(slots, MAX_SLOTS)), maxOps, now);
        sessions.put(key(s.id), s);
        c.confirmed = true;
        c.createSequence++;
        c.lastUsed = now;
        return s;
    }

    synchronized Session session(byte[] id, HostIdentity host) throws NfsRefused {
        Session s = sessions.get(key(id));
        if (s == null || !s.client.host.equals(host)) {
            throw new NfsRefused(NfsError.BADSESSION, RejectReason.BAD_SESSION, "unknown session");
        }
        return s;
    }

    /** The outcome of SEQUENCE on a slot: run the request, or answer with the cached reply. */
    record SlotUse(Slot slot, Xdr.Encoder replay) {
    }

    synchronized SlotUse sequence(Session s, int slotId, int sequence, Instant now) throws NfsRefused {
        if (slotId < 0 || slotId >= s.slots.length) {
            throw new NfsRefused(NfsError.BADSLOT, RejectReason.BAD_SLOT, "slot " + slotId);
        }
        Slot slot = s.slots[slotId];
        if (slot.busy) {
            throw new NfsRefused(NfsError.DELAY, RejectReason.SLOT_BUSY, "slot " + slotId + " is busy");
        }
        s.client.lastUsed = now;
        if (sequence == slot.sequence + 1) {
            slot.busy = true;
            slot.sequence = sequence;
            slot.reply = null;
            return new SlotUse(slot, null);
        }
        if (sequence == slot.sequence && slot.sequence != 0) {
            if (slot.reply == null) {
                throw new NfsRefused(NfsError.RETRY_UNCACHED_REP, RejectReason.RETRY_UNCACHED, "slot " + slotId
                        + ": the reply to this retransmitted request was not kept");
            }
            return new SlotUse(slot, slot.reply);
        }
        throw new NfsRefused(NfsError.SEQ_MISORDERED, RejectReason.SEQ_MISORDERED, "slot " + slotId + " sequence "
                + Integer.toUnsignedString(sequence) + ", expected " + Integer.toUnsignedString(slot.sequence + 1));
    }

    synchronized void done(Slot slot, Xdr.Encoder reply) {
        slot.reply = reply;
        slot.busy = false;
    }

    synchronized void destroySession(Session s) {
        if (sessions.remove(key(s.id)) != null) {
            ended.accept(s);
        }
    }

    synchronized void destroyClient(Client c) throws NfsRefused {
        for (Session s : sessions.values()) {
            if (s.client == c) {
                throw new NfsRefused(NfsError.CLIENTID_BUSY, RejectReason.CLIENT_BUSY, "client has sessions");
            }
        }
        drop(c);
    }

    synchronized Open open(Client c, NfsFile file) throws NfsRefused {
        long mine = opens.values().stream().filter(o -> o.client == c).count();
        if (mine >= MAX_OPENS_PER_CLIENT) {
            throw new NfsRefused(NfsError.SERVERFAULT, RejectReason.TOO_MANY, "too many open files");
        }
        byte[] other = ByteBuffer.allocate(12).putInt(boot).putLong(nextStateid++).array();
        Open o = new Open(other, c, file);
        opens.put(key(other), o);
        return o;
    }

    /** The open a stateid names for this client, or null for the special stateids (all zeros, all ones). */
    synchronized Open stateid(Client c, byte[] other) throws NfsRefused {
        if (special(other)) {
            return null;
        }
        Open o = opens.get(key(other));
        if (o == null || o.client != c) {
            throw new NfsRefused(NfsError.BAD_STATEID, RejectReason.BAD_STATEID, "unknown stateid");
        }
        return o;
    }

    /** CLOSE: forgets the open; true when no other open of the file is left. */
    synchronized boolean close(Open o) {
        opens.remove(key(o.other));
        return opens.values().stream().noneMatch(x -> x.file == o.file);
    }

    synchronized boolean known(Client c, byte[] other) {
        Open o = opens.get(key(other));
        return o != null && o.client == c;
    }

    synchronized void free(Client c, byte[] other) throws NfsRefused {
        Open o = opens.get(key(other));
        if (o == null || o.client != c) {
            throw new NfsRefused(NfsError.BAD_STATEID, RejectReason.BAD_STATEID, "unknown stateid");
        }
        opens.remove(key(other));
    }

    /** Client records silent for longer than the expiry (a capture kernel that rebooted): dropped. */
    synchronized List<Client> expire(Instant now) {
        List<Client> gone = new ArrayList<>();
        for (Client c : List.copyOf(clients.values())) {
            if (!c.lastUsed.plus(expiry).isAfter(now)) {
                drop(c);
                gone.add(c);
            }
        }
        return gone;
    }

    private void drop(Client c) {
        clients.remove(c.id);
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext();) {
            Session s = it.next();
            if (s.client == c) {
                it.remove();
                ended.accept(s);
            }
        }
        for (Iterator<Open> it = opens.values().iterator(); it.hasNext();) {
            if (it.next().client == c) {
                it.remove();
            }
        }
    }

    static boolean special(byte[] other) {
        boolean zeros = true;
        boolean ones = true;
        for (byte b : other) {
            zeros &= b == 0;
            ones &= b == (byte) 0xff;
        }
        return zeros || ones;
    }

    private static String key(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
