package org.kdumpreceiver.ingest;

import java.util.concurrent.atomic.AtomicBoolean;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.store.StoreException;
import org.kdumpreceiver.store.StoredFile;

/**
 * One file a host is writing into a {@link DumpBinding}, on any protocol. It keeps its binding busy (never
 * expired) until it ends, and it ends however it ends: completed, aborted, or failed in the store. A store
 * failure ends it too, because the store has then already kept what arrived as truncated; a front end that
 * forgets to abort after a failure must not leave the file, and its dump, open forever.
 */
public final class DumpFile {
    private final DumpBinding binding;
    private final FileSink sink;
    private final AtomicBoolean ended = new AtomicBoolean();

    DumpFile(DumpBinding binding, FileSink sink) {
        this.binding = binding;
        this.sink = sink;
    }

    public String dumpId() {
        return binding.dumpId();
    }

    public long bytesIn() {
        return sink.bytesIn();
    }

    public boolean ended() {
        return ended.get();
    }

    public void write(byte[] b, int off, int len) throws StoreException {
        try {
            sink.write(b, off, len);
        } catch (StoreException e) {
            end();
            throw e;
        }
    }

    /** Returns once the sealed file and the manifest are durable ({@link FileSink#complete()}). */
    public StoredFile complete() throws StoreException {
        try {
            return sink.complete();
        } finally {
            end();
        }
    }

    /** The transfer broke off: what arrived is kept, marked truncated with {@code reason}. */
    public StoredFile abort(VerdictReason reason) throws StoreException {
        try {
            return sink.abort(reason);
        } finally {
            end();
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            binding.fileEnded();
        }
    }
}
