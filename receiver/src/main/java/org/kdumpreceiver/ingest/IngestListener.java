package org.kdumpreceiver.ingest;

/** Receives every ingest event on the thread that caused it; must be quick and must not throw. */
@FunctionalInterface
public interface IngestListener {
    void on(IngestEvent event);
}
