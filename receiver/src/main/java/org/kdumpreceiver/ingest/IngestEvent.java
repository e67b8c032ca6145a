package org.kdumpreceiver.ingest;

import java.time.Duration;

/** What happened in the ingest core. Logs and metrics subscribe; the core knows neither. */
public sealed interface IngestEvent extends ReceiverEvent {
    String dumpId();

    String host();

    record DumpOpened(String dumpId, String host, String protocol, String clientAddress, String clientDirectory)
            implements IngestEvent {}

    record FileStarted(String dumpId, String host, String protocol, String clientName) implements IngestEvent {}

    /** Emitted for each write a front end hands over; {@code bytes} is the size of that write. */
    record BytesReceived(String dumpId, String host, String protocol, long bytes) implements IngestEvent {}

    record FileFinished(String dumpId, String host, String protocol, String clientName, String storedName,
            long bytesIn, long bytesStored, String format, String verdict, String reason, Duration duration,
            boolean aborted) implements IngestEvent {}

    /** The store could not keep writing (disk full, I/O error); what arrived so far is kept and marked. */
    record FileFailed(String dumpId, String host, String protocol, String clientName, long bytesIn, String reason,
            String message) implements IngestEvent {}

    record FileRenamed(String dumpId, String host, String from, String to) implements IngestEvent {}

    /** Found at start-up: a file that was being written when the process died; protocol from its manifest. */
    record FileRecovered(String dumpId, String host, String storedName, long bytesStored, String protocol)
            implements IngestEvent {}
}
