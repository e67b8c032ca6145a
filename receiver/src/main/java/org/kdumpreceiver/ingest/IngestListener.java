package org.kdumpreceiver.ingest;

/** Receives every receiver event on the thread that caused it; must be quick and must not throw. */
@FunctionalInterface
public interface IngestListener {
    void on(ReceiverEvent event);
}
