package org.kdumpreceiver.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.store.DumpRecord;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.SealingPolicy;
import org.kdumpreceiver.store.StoreRecovery;

/**
 * The protocol-neutral entry of the receiver: front ends (SSH, NFS, import) open a dump for an
 * authenticated host and hand over file bytes; this seals them into the store and tells listeners.
 */
public final class Ingest {
    private final DumpStore store;
    private final SealingPolicy policy;
    private final EventBus events;
    private final Map<String, HostView> views = new ConcurrentHashMap<>();
    private volatile VerdictReason stopping;

    public Ingest(DumpStore store, SealingPolicy policy, EventBus events) {
        this.store = store;
        this.policy = policy;
        this.events = events;
    }

    public Ingest(DumpStore store, SealingPolicy policy) {
        this(store, policy, new EventBus());
    }

    public EventBus events() {
        return events;
    }

    /** The storage root: the receiver's own, which no client path may reach into. */
    public Path storeRoot() {
        return store.root();
    }

    /** The receiver's one clock: dump stamps, dump windows, idle timeouts, durations and NFS times. */
    public Clock clock() {
        return store.clock();
    }

    /** The store's file system, for {@code df}, SFTP statvfs and NFS FSSTAT: the real numbers. */
    public DumpStore.Space space() throws IOException {
        return store.space();
    }

    /** {@code host}'s view, shared by every protocol and session of that host. */
    public HostView view(HostIdentity host) {
        return views.computeIfAbsent(host.name(), h -> new HostView(host, this, clock(), store::hasHost));
    }

    /** Releases the dump bindings that have been idle for {@link HostView#DUMP_WINDOW}; front ends call it. */
    public void sweepViews() {
        views.values().forEach(HostView::sweep);
    }

    /**
     * The daemon is stopping for {@code reason}: a transfer cut from now on was cut by the receiver, not by
     * the client, and is recorded so.
     */
    public void stopping(VerdictReason reason) {
        stopping = reason;
    }

    /** Why a transfer whose stream broke off is cut: the client's connection, or the daemon stopping. */
    public VerdictReason cutReason() {
        VerdictReason reason = stopping;
        return reason != null ? reason : VerdictReason.CONNECTION_LOST;
    }

    /** After every front end stopped and ended its files: releases every dump binding of every host. */
    public void closeViews() {
        views.values().forEach(HostView::close);
    }

    public void subscribe(IngestListener listener) {
        events.subscribe(listener);
    }

    /** Finishes what a killed predecessor left half-written; call once before any front end starts. */
    public List<StoreRecovery.Recovered> recover() throws IOException {
        List<StoreRecovery.Recovered> recovered = StoreRecovery.recover(store);
        for (StoreRecovery.Recovered r : recovered) {
            emit(new IngestEvent.FileRecovered(r.dumpId(), r.host(), r.storedName(), r.bytesStored(), r.protocol()));
        }
        return recovered;
    }

    /** A new dump directory stamped with the receiver's clock now. */
    public IngestSession open(HostIdentity host, String protocol, String clientAddress, String clientDirectory)
            throws IOException {
        return open(host, protocol, clientAddress, clientDirectory, clock().instant());
    }

    /** A new dump directory stamped {@code stamp} (import keeps the time the dump was taken). */
    public IngestSession open(HostIdentity host, String protocol, String clientAddress, String clientDirectory,
            Instant stamp) throws IOException {
        DumpRecord record = store.create(host, stamp, protocol, clientAddress, clientDirectory);
        emit(new IngestEvent.DumpOpened(record.id(), record.host(), protocol, clientAddress, clientDirectory));
        return new IngestSession(this, record);
    }

    SealingPolicy policy() {
        return policy;
    }

    void emit(IngestEvent event) {
        events.publish(event);
    }
}
