package org.kdumpreceiver.store;

import java.time.Duration;
import java.time.Instant;
import org.kdumpreceiver.format.VerdictReason;

/** What a writer measured about one file when it ended, however it ended. */
record Outcome(Long bytesIn, long bytesStored, String sha256, String sha256Stored, String format, String verdict,
        VerdictReason reason) {

    StoredFile applyTo(StoredFile entry, String storedName, Instant finished) {
        Long rate = null;
        if (bytesIn != null) {
            long micros = Math.max(1, Duration.between(Instant.parse(entry.startedAt()), finished).toNanos() / 1000);
            rate = (long) (bytesIn * 1_000_000.0 / micros);
        }
        return new StoredFile(entry.clientName(), entry.clientPath(), storedName, StoredFile.SEALED, bytesIn,
                bytesStored, sha256, sha256Stored, format, verdict, reason == null ? null : reason.token(), entry.compression(),
                entry.recipients(), entry.startedAt(), finished.toString(), rate, entry.renames());
    }
}
