package org.kdumpreceiver.ssh;

import java.io.ByteArrayOutputStream;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.FileSink;
import org.kdumpreceiver.store.StoreException;
import org.kdumpreceiver.store.StoredFile;

/** One file a client is sending over SSH (dd, cat, scp, SFTP), on its way into a dump record. */
final class Upload {
    private final HostTree tree;
    /** Changes when the client renames the file mid-transfer; guarded by the tree's lock. */
    private volatile ClientPath path;
    private final String dumpId;
    private final FileSink sink;
    private ByteArrayOutputStream keep;
    private boolean ended;

    Upload(HostTree tree, ClientPath path, String dumpId, FileSink sink) {
        this.tree = tree;
        this.path = path;
        this.dumpId = dumpId;
        this.sink = sink;
    }

    void movedTo(ClientPath to) {
        path = to;
    }

    ClientPath path() {
        return path;
    }

    String dumpId() {
        return dumpId;
    }

    long size() {
        return sink.bytesIn();
    }

    /** Keep the plaintext of this (small) file so its writer can read it back (echo > status file). */
    void keepForReadBack() {
        keep = new ByteArrayOutputStream();
    }

    void write(byte[] b, int off, int len) throws StoreException {
        sink.write(b, off, len);
        if (keep != null) {
            keep.write(b, off, len);
        }
    }

    StoredFile complete() throws StoreException {
        try {
            return sink.complete();
        } finally {
            end(keep);
        }
    }

    StoredFile abort(VerdictReason reason) throws StoreException {
        try {
            return sink.abort(reason);
        } finally {
            end(null);
        }
    }

    void abortQuietly(VerdictReason reason) {
        try {
            abort(reason);
        } catch (StoreException e) {
            // The store already recorded and logged the failure (FileFailed event).
        }
    }

    private void end(ByteArrayOutputStream kept) {
        if (!ended) {
            ended = true;
            tree.ended(this, kept == null ? null : kept.toByteArray());
        }
    }
}
