package org.kdumpreceiver.ssh;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.DumpFile;
import org.kdumpreceiver.store.StoreException;
import org.kdumpreceiver.store.StoredFile;

/**
 * One file a client is sending over SSH (dd, cat, scp, SFTP), on its way into a dump. It ends however the
 * transfer ends: completed, aborted, or failed in the store (then the store already kept what arrived as
 * truncated), and its path is free again for a retry.
 */
final class Upload {
    private final HostTree tree;
    /** Changes when the client renames the file mid-transfer; guarded by the tree's lock. */
    private volatile ClientPath path;
    private final DumpFile file;
    private ByteArrayOutputStream keep;
    private final AtomicBoolean ended = new AtomicBoolean();

    Upload(HostTree tree, ClientPath path, DumpFile file) {
        this.tree = tree;
        this.path = path;
        this.file = file;
    }

    void movedTo(ClientPath to) {
        path = to;
    }

    ClientPath path() {
        return path;
    }

    String dumpId() {
        return file.dumpId();
    }

    long size() {
        return file.bytesIn();
    }

    /** Keep the plaintext of this (small) file so its writer can read it back (echo > status file). */
    void keepForReadBack() {
        keep = new ByteArrayOutputStream();
    }

    void write(byte[] b, int off, int len) throws StoreException {
        try {
            file.write(b, off, len);
        } catch (StoreException e) {
            end(null);
            throw e;
        }
        if (keep != null) {
            keep.write(b, off, len);
        }
    }

    StoredFile complete() throws StoreException {
        try {
            return file.complete();
        } finally {
            end(keep);
        }
    }

    StoredFile abort(VerdictReason reason) throws StoreException {
        try {
            return file.abort(reason);
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

    /**
     * Once, whichever way the upload ends. No lock of its own: the tree's {@code close()} aborts uploads under
     * the tree's lock, and a lock here taken before the tree's would be the other order.
     */
    private void end(ByteArrayOutputStream kept) {
        if (ended.compareAndSet(false, true)) {
            tree.ended(this, kept == null ? null : kept.toByteArray());
        }
    }
}
