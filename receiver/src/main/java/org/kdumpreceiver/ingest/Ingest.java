package org.kdumpreceiver.ingest;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
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

    public DumpStore store() {
        return store;
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
        return open(host, protocol, clientAddress, clientDirectory, store.clockInstant());
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
