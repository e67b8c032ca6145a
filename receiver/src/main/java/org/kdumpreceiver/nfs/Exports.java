package org.kdumpreceiver.nfs;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.Ingest;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.store.HostIdentity;

/**
 * Every host's view of the export, the file handles that name their nodes, and the write verifier.
 * Handles and the verifier are new at every daemon start (see docs/nfs.md, "Durability").
 */
final class Exports {
    /** The largest READ and WRITE offered to clients (v3 FSINFO, v4 maxread/maxwrite), and accepted. */
    static final int MAX_IO = 1 << 20;
    private static final int HANDLE_BYTES = 20;
    private static final int MAGIC = 0x4b445233;  // "KDR3"
    private static final int PSEUDO_MAGIC = 0x4b445250;  // "KDRP": a directory of the NFSv4 tree above the export

    private final Ingest ingest;
    private final String export;
    /** The export's path components, e.g. [var, crash] for /var/crash; NFSv4 clients walk them from "/". */
    private final java.util.List<String> exportPath;
    private final Clock clock;
    private final long window;
    private final Duration finishIdle;
    private final Duration abandonIdle;
    private final long boot;
    private final byte[] verifier = new byte[8];
    private final AtomicLong ids = new AtomicLong(1);
    private final Map<Long, Node> nodes = new ConcurrentHashMap<>();
    private final Map<String, HostExport> hosts = new ConcurrentHashMap<>();
    private final NfsEvents events;
    private final Instant started;

    Exports(Ingest ingest, String export, long reorderWindow, Duration finishIdle, Duration abandonIdle,
            NfsEvents events) {
        this.ingest = ingest;
        this.export = export;
        this.exportPath = java.util.Arrays.stream(export.split("/")).filter(c -> !c.isEmpty()).toList();
        this.clock = ingest.clock();
        this.window = reorderWindow;
        this.finishIdle = finishIdle;
        this.abandonIdle = abandonIdle;
        this.events = events;
        this.started = clock.instant();
        SecureRandom random = new SecureRandom();
        this.boot = random.nextLong();
        random.nextBytes(verifier);
    }

    HostExport of(HostIdentity host) {
        return hosts.computeIfAbsent(host.name(), h -> new HostExport(ingest.view(host), this));
    }

    /** The handle of a node: magic, this start's boot number, node id. */
    byte[] handle(Node n) {
        return ByteBuffer.allocate(HANDLE_BYTES).putInt(MAGIC).putLong(boot).putLong(n.id).array();
    }

    /** The handle of the NFSv4 pseudo directory {@code depth} levels below "/" on the way to the export. */
    byte[] pseudoHandle(int depth) {
        return ByteBuffer.allocate(HANDLE_BYTES).putInt(PSEUDO_MAGIC).putLong(boot).putLong(depth).array();
    }

    /** The depth a pseudo directory handle names, or -1 when {@code handle} is not one. */
    int pseudoDepth(byte[] handle) throws NfsRefused {
        if (handle.length != HANDLE_BYTES) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(handle);
        if (b.getInt() != PSEUDO_MAGIC) {
            return -1;
        }
        if (b.getLong() != boot) {
            throw new NfsRefused(NfsError.STALE, RejectReason.STALE_HANDLE, "handle from before a receiver restart");
        }
        long depth = b.getLong();
        if (depth < 0 || depth >= exportPath().size()) {
            throw new NfsRefused(NfsError.BADHANDLE, RejectReason.BAD_HANDLE, "no such pseudo directory");
        }
        return (int) depth;
    }

    java.util.List<String> exportPath() {
        return exportPath;
    }

    /** The node a handle names, if it is {@code host}'s and still exists. */
    Node node(byte[] handle, HostIdentity host) throws NfsRefused {
        if (handle.length != HANDLE_BYTES) {
            throw new NfsRefused(NfsError.BADHANDLE, RejectReason.BAD_HANDLE, "handle of " + handle.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(handle);
        if (b.getInt() != MAGIC) {
            throw new NfsRefused(NfsError.BADHANDLE, RejectReason.BAD_HANDLE, "not a kdump-receiver handle");
        }
        if (b.getLong() != boot) {
            throw new NfsRefused(NfsError.STALE, RejectReason.STALE_HANDLE, "handle from before a receiver restart");
        }
        Node n = nodes.get(b.getLong());
        if (n == null || !n.owner.host.equals(host)) {
            // Another host's node is reported exactly like a vanished one.
            throw new NfsRefused(NfsError.STALE, RejectReason.STALE_HANDLE, "no such file or directory");
        }
        return n;
    }

    byte[] verifier() {
        return verifier.clone();
    }

    long newId() {
        return ids.incrementAndGet();
    }

    void register(Node n) {
        nodes.put(n.id, n);
    }

    void unregister(Node n) {
        nodes.remove(n.id);
    }

    /** When this daemon start began serving: the times of the NFSv4 pseudo directories. */
    Instant started() {
        return started;
    }

    Instant now() {
        return clock.instant();
    }

    Ingest ingest() {
        return ingest;
    }

    String export() {
        return export;
    }

    long reorderWindow() {
        return window;
    }

    long boot() {
        return boot;
    }

    void finished(HostExport host, NfsFile f, String how) {
        events.fileFinished(host.host, f, how);
    }

    void sweep() {
        Instant now = now();
        for (HostExport h : hosts.values()) {
            h.sweep(now, finishIdle, abandonIdle);
        }
    }

    void closeAll(VerdictReason reason) {
        hosts.values().forEach(h -> h.close(reason));
    }
}
