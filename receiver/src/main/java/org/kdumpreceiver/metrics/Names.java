package org.kdumpreceiver.metrics;

/**
 * Meter names as Micrometer wants them (dotted, without unit or {@code _total}); the Prometheus
 * registry adds the {@code kdump_receiver_} snake case, the base unit and {@code _total}. The exposed
 * names are listed in docs/metrics.md, and the alert rules rely on them.
 */
final class Names {
    static final String RECEIVED = "kdump.receiver.received";
    static final String STORED = "kdump.receiver.stored";
    static final String THROUGHPUT = "kdump.receiver.transfer.throughput";
    static final String DURATION = "kdump.receiver.transfer.duration";
    static final String ACTIVE = "kdump.receiver.transfers.active";
    static final String DUMPS = "kdump.receiver.dumps";
    static final String TRUNCATED = "kdump.receiver.truncated.dumps";
    static final String AUTH_FAILURES = "kdump.receiver.auth.failures";
    static final String COMMANDS_REJECTED = "kdump.receiver.commands.rejected";
    static final String ENROLMENTS = "kdump.receiver.enrolments";
    static final String SESSIONS_REFUSED = "kdump.receiver.sessions.refused";
    static final String STORAGE_FREE = "kdump.receiver.storage.free";
    static final String STORAGE_USED = "kdump.receiver.storage.used";
    static final String STORAGE_MIN_FREE = "kdump.receiver.storage.min.free";
    static final String LAST_DUMP = "kdump.receiver.last.dump.timestamp";

    static final String BYTES = "bytes";
    static final String SECONDS = "seconds";
    static final String BYTES_PER_SECOND = "bytes.per.second";

    private Names() {}
}
