package org.kdumpreceiver.nfs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.DumpBinding;
import org.kdumpreceiver.ingest.HostRefused;
import org.kdumpreceiver.ingest.HostView;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.StoreException;

/**
 * What one host sees of the export, as NFS nodes over the host's {@link HostView}: the directories it made
 * and the files it writes, nothing else. Which dump a file goes to, other hosts' directories, replacing small
 * text files and the per-host caps are the host view's rules; this class keeps only NFS concerns (node ids
 * and handles, modes and times, the read-back cache, the write log and when a file is finished). All changes
 * happen under this object's lock; WRITE data is queued outside it.
 */
final class HostExport {
    private static final int MAX_NAME = FileSystemLimits.NAME_MAX;
    private static final Logger LOG = LoggerFactory.getLogger("nfs");
    private static final String INCOMPLETE = "-incomplete";

    final HostIdentity host;
    final Dir root;
    private final Exports exports;
    private final HostView view;

    HostExport(HostView view, Exports exports) {
        this.host = view.host();
        this.view = view;
        this.exports = exports;
        this.root = new Dir(exports.newId(), this, "", null, 0755, exports.now());
        exports.register(root);
    }

    synchronized Node lookup(Dir dir, String name) throws NfsRefused {
        if (name.equals(".")) {
            return dir;
        }
        if (name.equals("..")) {
            if (dir.parent == null) {
                throw new NfsRefused(NfsError.ACCESS, RejectReason.PATH_ESCAPE, "'..' above the export");
            }
            return dir.parent;
        }
        Node n = dir.children.get(name);
        if (n == null) {
            throw new NfsRefused(NfsError.NOENT, RejectReason.NOT_FOUND, "no '" + name + "'");
        }
        return n;
    }

    synchronized Dir mkdir(Dir dir, String name, Integer mode, String address) throws NfsRefused {
        checkName(name);
        if (dir.children.containsKey(name)) {
            throw new NfsRefused(NfsError.EXIST, RejectReason.EXISTS, "'" + name + "' exists");
        }
        guardOwnDirectory(dir.clientPath(exports.export()) + "/" + name, address);
        room();
        Dir made = new Dir(exports.newId(), this, name, dir, mode == null ? 0755 : mode & 07777, exports.now());
        dir.children.put(name, made);
        exports.register(made);
        touch(dir);
        return made;
    }

    synchronized NfsFile create(Dir dir, String name, CreateMode how, Integer mode, Long size, byte[] verifier,
            String address) throws NfsRefused, IOException {
        checkName(name);
        Node existing = dir.children.get(name);
        if (existing != null) {
            if (existing.isDirectory()) {
                throw new NfsRefused(NfsError.EXIST, RejectReason.EXISTS, "'" + name + "' is a directory");
            }
            NfsFile f = (NfsFile) existing;
            if (how == CreateMode.EXCLUSIVE && f.sameVerifier(verifier)) {
                return f;  // a retransmitted exclusive create
            }
            if (how != CreateMode.UNCHECKED) {
                throw new NfsRefused(NfsError.EXIST, RejectReason.EXISTS, "'" + name + "' exists");
            }
            if (size != null && size == 0 && f.size > 0 && (!f.finished || f.binding().replaceable(f.name))) {
                replace(f);  // O_TRUNC of a file with content: a new version
                return f;
            } else {
                if (f.finished) {
                    throw new NfsRefused(NfsError.ACCESS, RejectReason.FINISHED_FILE, "'" + name + "' is sealed");
                }
                if (mode != null) {
                    f.mode = mode & 07777;
                }
                return f;
            }
        }
        DumpBinding binding = binding(dir, address);
        Instant now = exports.now();
        NfsFile file = new NfsFile(exports.newId(), this, name, dir, mode == null ? 0644 : mode & 07777, now,
                how == CreateMode.EXCLUSIVE ? verifier : null);
        try {
            file.open(binding, exports.reorderWindow());
        } catch (StoreException e) {
            throw storeRefusal(e);
        } catch (HostRefused e) {
            throw refused(e);
        }
        dir.children.put(name, file);
        exports.register(file);
        touch(dir);
        return file;
    }

    /**
     * WRITE: checked and shown to the client under this host's lock, then queued for the write log without it,
     * because queueing may wait for room (back-pressure) and must not hold up the host's other calls.
     */
    void write(NfsFile file, long offset, byte[] data) throws NfsRefused, IOException {
        WriteQueue queue;
        synchronized (this) {
            if (file.finished) {
                throw new NfsRefused(NfsError.ACCESS, RejectReason.FINISHED_FILE, "'" + file.name + "' is sealed");
            }
            if (offset < 0 || offset + data.length < 0) {
                throw new NfsRefused(NfsError.FBIG, RejectReason.BAD_OFFSET, "offset " + offset);
            }
            file.wrote(offset, data, exports.now());
            queue = file.queue();
        }
        try {
            queue.submit(offset, data);
        } catch (StoreException e) {
            synchronized (this) {
                if (file.finished || file.queue() != queue) {
                    // Finished (or started anew by O_TRUNC) while this WRITE waited: it belongs to a sealed file.
                    throw new NfsRefused(NfsError.ACCESS, RejectReason.FINISHED_FILE, "'" + file.name
                            + "' was sealed while this write was on its way");
                }
                file.finished = true;
            }
            throw storeRefusal(e);
        }
    }

    /** COMMIT: waits until the file's answered WRITEs are in the sealing pipeline; reports their failure. */
    void commit(NfsFile file) throws NfsRefused, IOException {
        WriteQueue queue;
        synchronized (this) {
            if (file.finished) {
                return;
            }
            queue = file.queue();
        }
        try {
            queue.drain();  // without the host's lock, as WRITE: the worker may take a while
        } catch (StoreException e) {
            synchronized (this) {
                if (file.queue() == queue) {
                    file.finished = true;
                }
            }
            throw storeRefusal(e);
        }
    }

    synchronized byte[] read(NfsFile file, long offset, int count) throws NfsRefused {
        if (file.finished) {
            throw new NfsRefused(NfsError.ACCESS, RejectReason.FINISHED_FILE, "'" + file.name + "' is sealed; stored dumps"
                    + " are never read back");
        }
        return file.read(offset, count);
    }

    /** SETATTR: mode and times always; size only as the client's own file allows (see docs/nfs.md). */
    synchronized void setattr(Node node, Integer mode, Long size, Instant atime, Instant mtime)
            throws NfsRefused, IOException {
        if (size != null) {
            if (node.isDirectory()) {
                throw new NfsRefused(NfsError.ISDIR, RejectReason.IS_DIRECTORY, "'" + node.name + "' is a directory");
            }
            NfsFile f = (NfsFile) node;
            if (size != f.size) {
                if (f.finished) {
                    if (size == 0 && f.binding().replaceable(f.name)) {
                        replace(f);
                        return;
                    }
                    throw new NfsRefused(NfsError.ACCESS, RejectReason.FINISHED_FILE, "'" + f.name + "' is sealed");
                }
                if (size == 0) {
                    replace(f);
                    return;
                }
                if (size < f.size) {
                    throw new NfsRefused(NfsError.INVAL, RejectReason.SHRINK, "shrinking '" + f.name + "' from " + f.size
                            + " to " + size + " bytes is not served (only truncation to 0)");
                }
                write(f, size - 1, new byte[1]);
            }
        }
        Instant now = exports.now();
        if (mode != null) {
            node.mode = mode & 07777;
        }
        if (atime != null) {
            node.atime = atime;
        }
        if (mtime != null) {
            node.mtime = mtime;
        }
        node.ctime = now;
    }

    synchronized void remove(Dir dir, String name) throws NfsRefused, IOException {
        Node n = lookup(dir, name);
        if (n.isDirectory()) {
            throw new NfsRefused(NfsError.ISDIR, RejectReason.IS_DIRECTORY, "'" + name + "' is a directory");
        }
        NfsFile f = (NfsFile) n;
        if (f.finished) {
            throw new NfsRefused(NfsError.ACCESS, RejectReason.FINISHED_FILE, "'" + name + "' is sealed; stored dumps are"
                    + " never removed by clients");
        }
        abortQuietly(f, VerdictReason.REMOVED_BY_CLIENT);
        f.setAside();
        detach(f);
    }

    synchronized void rmdir(Dir dir, String name) throws NfsRefused {
        Node n = lookup(dir, name);
        if (!n.isDirectory()) {
            throw new NfsRefused(NfsError.NOTDIR, RejectReason.NOT_DIRECTORY, "'" + name + "' is not a directory");
        }
        Dir d = (Dir) n;
        if (!d.children.isEmpty()) {
            throw new NfsRefused(NfsError.NOTEMPTY, RejectReason.NOT_EMPTY, "'" + name + "' is not empty");
        }
        if (d.dump != null) {
            throw new NfsRefused(NfsError.ACCESS, RejectReason.NOT_PERMITTED, "'" + name + "' holds dump " + d.dump.dumpId());
        }
        detach(d);
    }

    /** RENAME within one directory; a target file is kept aside as NAME.~N~, never dropped. */
    synchronized void rename(Dir fromDir, String from, Dir toDir, String to) throws NfsRefused, IOException {
        checkName(to);
        if (fromDir != toDir) {
            throw new NfsRefused(NfsError.XDEV, RejectReason.CROSS_DIRECTORY, "moving between directories is not served");
        }
        Node n = lookup(fromDir, from);
        if (from.equals(to)) {
            return;
        }
        if (n.isDirectory()) {
            Dir d = (Dir) n;
            if (d.dump != null || toDir.children.containsKey(to)) {
                throw new NfsRefused(NfsError.ACCESS, RejectReason.NOT_PERMITTED, "directory '" + from + "' cannot be renamed");
            }
            toDir.children.remove(from);
            d.name = to;
            toDir.children.put(to, d);
            return;
        }
        NfsFile f = (NfsFile) n;
        Node target = toDir.children.get(to);
        if (target != null) {
            if (target.isDirectory()) {
                throw new NfsRefused(NfsError.ISDIR, RejectReason.IS_DIRECTORY, "'" + to + "' is a directory");
            }
            NfsFile t = (NfsFile) target;
            if (!t.finished) {
                abortQuietly(t, VerdictReason.REPLACED_BY_CLIENT);
            }
            t.setAside();
            detach(t);
        }
        fromDir.children.remove(from);
        f.renameSegments(to);
        toDir.children.put(to, f);
        f.ctime = exports.now();
        touch(fromDir);
        if (!f.finished && from.contains(INCOMPLETE) && !to.contains(INCOMPLETE)) {
            finish(f, "renamed");
        }
    }

    /**
     * NFSv4 CLOSE of the last open: a file with its final name is done, as an SSH upload is at the end of
     * its stream; a {@code *-incomplete} file waits for its rename.
     */
    synchronized void closed(NfsFile f) throws NfsRefused {
        if (!f.finished && !f.name.contains(INCOMPLETE)) {
            finish(f, "closed");
        }
    }

    /** Seals a file: the write log gets its end marker; returns once the store made it durable. */
    synchronized void finish(NfsFile f, String how) throws NfsRefused {
        if (f.finished) {
            return;
        }
        f.finished = true;
        f.dropCache();
        try {
            f.finishLog();
        } catch (StoreException e) {
            throw storeRefusal(e);
        } catch (IOException e) {
            throw new NfsRefused(NfsError.IO, RejectReason.STORAGE_ERROR, e.getMessage());
        }
        exports.finished(this, f, how);
    }

    /**
     * Periodic: finish idle files and give up abandoned ones, then let the host view release the dumps nobody
     * used for its window, and forget the files of the directories it released (the client sees them empty).
     */
    synchronized void sweep(Instant now, Duration finishIdle, Duration abandonIdle) {
        sweepFiles(root, now, finishIdle, abandonIdle);
        view.sweep();
        dropReleased(root);
    }

    private void sweepFiles(Dir dir, Instant now, Duration finishIdle, Duration abandonIdle) {
        for (Node n : List.copyOf(dir.children.values())) {
            if (n instanceof Dir d) {
                sweepFiles(d, now, finishIdle, abandonIdle);
            } else if (n instanceof NfsFile f && !f.finished) {
                boolean incomplete = f.name.contains(INCOMPLETE);
                if (!incomplete && !f.lastWrite.plus(finishIdle).isAfter(now)) {
                    try {
                        finish(f, "idle");
                    } catch (NfsRefused e) {
                        // A store failure is also a FileFailed event; anything else would be silent without this.
                        LOG.warn("nfs: cannot finish idle file host={} file={}: {}", host, f.name, e.getMessage());
                    }
                } else if (!f.lastWrite.plus(abandonIdle).isAfter(now)) {
                    abortQuietly(f, VerdictReason.IDLE_TIMEOUT);
                }
            }
        }
    }

    private void dropReleased(Dir dir) {
        for (Node n : List.copyOf(dir.children.values())) {
            if (n instanceof Dir d) {
                dropReleased(d);
            }
        }
        if (dir.dump != null && dir.dump.closed()) {
            dir.dump = null;
            for (Node n : List.copyOf(dir.children.values())) {
                if (n instanceof NfsFile) {
                    detach(n);
                }
            }
        }
    }

    /**
     * Daemon stopping: files still open are kept as truncated ({@code receiver-stopped}); the daemon releases
     * the host view's dumps once every front end has ended its files.
     */
    synchronized void close(VerdictReason reason) {
        close(root, reason);
    }

    private void close(Dir dir, VerdictReason reason) {
        for (Node n : dir.children.values()) {
            if (n instanceof Dir d) {
                close(d, reason);
            } else if (n instanceof NfsFile f && !f.finished) {
                abortQuietly(f, reason);
            }
        }
    }

    synchronized List<Node> list(Dir dir) {
        return List.copyOf(dir.children.values());
    }

    /** The dump {@code dir} is bound to, by the host view (a released one counts as none). */
    private DumpBinding binding(Dir dir, String address) throws NfsRefused, IOException {
        if (dir.dump == null || dir.dump.closed()) {
            try {
                dir.dump = view.bind(dir.clientPath(exports.export()), "nfs", address);
            } catch (StoreException e) {
                throw storeRefusal(e);
            } catch (HostRefused e) {
                throw refused(e);
            }
        }
        return dir.dump;
    }

    /**
     * A file truncated to 0 (O_TRUNC): the earlier version stays in the dump as NAME.~N~ and the same
     * handle starts a new stored file.
     */
    private void replace(NfsFile f) throws NfsRefused, IOException {
        if (!f.finished) {
            abortQuietly(f, VerdictReason.REPLACED_BY_CLIENT);
        }
        f.setAside();
        try {
            f.reopen(binding(f.parent, f.binding().clientAddress()), exports.reorderWindow(), exports.now());
        } catch (StoreException e) {
            throw storeRefusal(e);
        } catch (HostRefused e) {
            throw refused(e);
        }
    }

    private void abortQuietly(NfsFile f, VerdictReason reason) {
        if (f.finished) {
            return;
        }
        f.finished = true;
        f.dropCache();
        try {
            f.abortLog(reason);
        } catch (IOException e) {
            // The store recorded the failure (FileFailed event).
        }
    }

    /** Forgets a node; a directory gives its entry back to the host view (files count in their dump). */
    private void detach(Node n) {
        if (n.parent != null && n.parent.children.get(n.name) == n) {
            n.parent.children.remove(n.name);
        }
        exports.unregister(n);
        if (n.isDirectory()) {
            view.releaseEntries(1);
        }
    }

    /** A new directory counts against the host view's cap (a file counts when its dump opens it). */
    private void room() throws NfsRefused {
        try {
            view.reserveEntries(1);
        } catch (HostRefused e) {
            throw refused(e);
        }
    }

    private void touch(Dir dir) {
        Instant now = exports.now();
        dir.mtime = now;
        dir.ctime = now;
    }

    static void checkName(String name) throws NfsRefused {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new NfsRefused(NfsError.ACCESS, name.equals("..") ? RejectReason.PATH_ESCAPE : RejectReason.BAD_NAME,
                    "bad name '" + name + "'");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME) {
            throw new NfsRefused(NfsError.NAMETOOLONG, RejectReason.BAD_NAME, "name too long");
        }
    }

    private void guardOwnDirectory(String clientDirectory, String address) throws NfsRefused {
        try {
            view.guardOwnDirectory(clientDirectory, address);
        } catch (HostRefused e) {
            throw refused(e);
        }
    }

    /** The host view's refusals in NFS terms: a cap reached is "no space", anything else "access denied". */
    private static NfsRefused refused(HostRefused e) {
        NfsError error = e.reason() == RejectReason.TOO_MANY ? NfsError.NOSPC : NfsError.ACCESS;
        return new NfsRefused(error, e.reason(), e.getMessage());
    }

    private static NfsRefused storeRefusal(StoreException e) {
        NfsError error = switch (e.reason()) {
            case STORAGE_FULL -> NfsError.NOSPC;
            case FILE_TOO_LARGE -> NfsError.FBIG;
            case BAD_NAME -> NfsError.INVAL;
            case FINISHED_FILE, BUSY -> NfsError.EXIST;
            default -> NfsError.IO;
        };
        return new NfsRefused(error, e.reason(), e.getMessage());
    }
}
