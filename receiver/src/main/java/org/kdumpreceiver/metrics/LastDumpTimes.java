package org.kdumpreceiver.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.kdumpreceiver.store.DumpStore;

/**
 * {@code kdump_receiver_last_dump_timestamp_seconds}: when each host's latest dump began, or one series
 * for the whole fleet when per-host series are off. Seeded from the store's directory names at start-up,
 * so the value survives a restart and every later dump changes it (the HostCrashLoop alert counts changes).
 */
final class LastDumpTimes {
    private static final String FLEET = "";

    private final MeterRegistry registry;
    private final boolean perHost;
    private final Map<String, AtomicLong> millis = new ConcurrentHashMap<>();

    LastDumpTimes(MeterRegistry registry, boolean perHost) {
        this.registry = registry;
        this.perHost = perHost;
    }

    /** Takes each host's newest stamp from the store's directory names; reads no manifest. */
    void seed(DumpStore store) throws IOException {
        store.lastDumps().forEach(this::mark);
    }

    void mark(String host, Instant when) {
        String key = perHost ? host : FLEET;
        millis.computeIfAbsent(key, this::register).accumulateAndGet(when.toEpochMilli(), Math::max);
    }

    private AtomicLong register(String host) {
        AtomicLong value = new AtomicLong(Long.MIN_VALUE);
        Gauge.Builder<AtomicLong> gauge = Gauge.builder(Names.LAST_DUMP, value, v -> v.get() / 1000.0)
                .description("When the latest dump began arriving, Unix time").baseUnit(Names.SECONDS)
                .strongReference(true);
        if (perHost) {
            gauge.tag("host", host);
        }
        gauge.register(registry);
        return value;
    }
}
