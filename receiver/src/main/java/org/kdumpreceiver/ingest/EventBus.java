package org.kdumpreceiver.ingest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delivers every receiver event to every listener, on the thread that caused it. */
public final class EventBus {
    private final List<IngestListener> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(IngestListener listener) {
        listeners.add(listener);
    }

    public void publish(ReceiverEvent event) {
        for (IngestListener listener : listeners) {
            listener.on(event);
        }
    }
}
