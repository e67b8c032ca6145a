package org.kdumpreceiver.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free and used space of the filesystem holding the storage root, read at each scrape, and the
 * configured floor {@code storage.min_free}, so that an alert can compare the two.
 */
final class StorageGauges {
    private StorageGauges() {}

    static void register(MeterRegistry registry, Path root, long minFreeBytes) throws IOException {
        FileStore store = Files.getFileStore(root);
        Gauge.builder(Names.STORAGE_FREE, store, s -> read(s::getUsableSpace))
                .description("Bytes the receiver may still write under the storage root")
                .baseUnit(Names.BYTES).strongReference(true).register(registry);
        // As df counts it: everything not unallocated, whoever wrote it.
        Gauge.builder(Names.STORAGE_USED, store, s -> read(() -> s.getTotalSpace() - s.getUnallocatedSpace()))
                .description("Bytes in use on the filesystem holding the storage root")
                .baseUnit(Names.BYTES).strongReference(true).register(registry);
        Gauge.builder(Names.STORAGE_MIN_FREE, () -> minFreeBytes)
                .description("storage.min_free: new files are refused below this much free space")
                .baseUnit(Names.BYTES).strongReference(true).register(registry);
    }

    private interface Space {
        long get() throws IOException;
    }

    private static double read(Space space) {
        try {
            return space.get();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
