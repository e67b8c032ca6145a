package org.kdumpreceiver.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.function.ToLongFunction;
import org.kdumpreceiver.store.DumpStore;

/**
 * Free and used space of the filesystem holding the storage root, read at each scrape (from the store's
 * statvfs figures, never a {@code FileStore} lookup, which a hardened unit's {@code ProcSubset=pid} breaks),
 * and the configured floor {@code storage.min_free}, so that an alert can compare the two.
 */
final class StorageGauges {
    private StorageGauges() {}

    static void register(MeterRegistry registry, DumpStore store, long minFreeBytes) {
        Gauge.builder(Names.STORAGE_FREE, store, s -> read(s, DumpStore.Space::usable))
                .description("Bytes the receiver may still write under the storage root")
                .baseUnit(Names.BYTES).strongReference(true).register(registry);
        // As df counts it: everything not free, whoever wrote it.
        Gauge.builder(Names.STORAGE_USED, store, s -> read(s, space -> space.total() - space.free()))
                .description("Bytes in use on the filesystem holding the storage root")
                .baseUnit(Names.BYTES).strongReference(true).register(registry);
        Gauge.builder(Names.STORAGE_MIN_FREE, () -> minFreeBytes)
                .description("storage.min_free: new files are refused below this much free space")
                .baseUnit(Names.BYTES).strongReference(true).register(registry);
    }

    /** NaN when the root cannot be read: no number at all rather than a made-up one. */
    private static double read(DumpStore store, ToLongFunction<DumpStore.Space> figure) {
        try {
            return figure.applyAsLong(store.space());
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
