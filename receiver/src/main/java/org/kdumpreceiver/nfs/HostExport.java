package org.kdumpreceiver.nfs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.ClientDirectoryName;
import org.kdumpreceiver.ingest.IngestSession;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.StoreException;
import org.kdumpreceiver.store.StoredFile;

/**
 * What one host sees of the export: the directories it made and the files it writes, nothing else. A
 * client directory becomes a dump record when the first file is created in it and stays bound to it
 * while used and for {@link Exports#DUMP_WINDOW} after. All changes happen under this object's lock.
 */
final class HostExport {
    private static final int MAX_NODES = 10_000;
    private static final int MAX_NAME = FileSystemLimits.NAME_MAX;
    private static final Logger LOG = LoggerFactory.getLogger("nfs");
    private static final String INCOMPLETE = "-incomplete";
    private static final long REPLACEABLE_TEXT_BYTES = 64 * 1024;

    final HostIdentity host;
    final Dir root;
    private final Exports exports;
    private int nodes;

    HostExport(HostIdentity host, Exports exports) {
        this.host = host;
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
        guardHostName(dir, name, address);
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
            if (size != null && size == 0 && f.size > 0 && (!f.finished || replaceable(f))) {
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
        guardHostName(dir, null, address);
        room();
        IngestSession session = binding(dir, address);
        Instant now = exports.now();
        NfsFile file = new NfsFile(exports.newId(), this, name, dir, mode == null ? 0644 : mode & 07777, now,
                how == CreateMode.EXCLUSIVE ? verifier : null);
        try {
            file.open(session, exports.reorderWindow());
        } catch (StoreException e) {
            throw storeRefusal(e);
        }
        dir.children.put(name, file);
        exports.register(file);
        touch(dir);
        return file;
    }

    synchronized void write(NfsFile file, long offset, byte[] data) throws NfsRefused, IOException {
        if (file.finished) {
            throw new NfsRefused(NfsError.ACCESS, RejectReason.FINISHED_FILE, "'" + file.name + "' is sealed");
        }
        if (offset < 0 || offset + data.length < 0) {
            throw new NfsRefused(NfsError.FBIG, RejectReason.BAD_OFFSET, "offset " + offset);
        }
        try {
            file.write(offset, data, exports.now());
        } catch (StoreException e) {
            file.finished = true;
            throw storeRefusal(e);
        }
        file.parent.dumpUsed = exports.now();
    }

    /** COMMIT: waits until the file's answered WRITEs are in the sealing pipeline; reports their failure. */
    synchronized void commit(NfsFile file) throws NfsRefused, IOException {
        if (file.finished) {
            return;
        }
        try {
            file.drain();
        } catch (StoreException e) {
            file.finished = true;
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
                    if (size == 0 && replaceable(f)) {
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
        keepAside(f);
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
            keepAside(t);
            detach(t);
        }
        IngestSession session = f.session();
        List<String> renamed = new ArrayList<>();
        for (String stored : f.storedNames) {
            String newName = to + stored.substring(f.name.length());
            session.rename(stored, newName);
            renamed.add(newName);
        }
        f.storedNames.clear();
        f.storedNames.addAll(renamed);
        fromDir.children.remove(from);
        f.name = to;
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

    /** Periodic: finish idle files, give up abandoned ones, release idle dump records. */
    synchronized void sweep(Instant now, Duration finishIdle, Duration abandonIdle) {
        sweep(root, now, finishIdle, abandonIdle);
    }

    private void sweep(Dir dir, Instant now, Duration finishIdle, Duration abandonIdle) {
        boolean busy = false;
        for (Node n : List.copyOf(dir.children.values())) {
            if (n instanceof Dir d) {
                sweep(d, now, finishIdle, abandonIdle);
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
                } else {
                    busy = true;
                }
            }
        }
        if (dir.dump != null && !busy && !dir.dumpUsed.plus(Exports.DUMP_WINDOW).isAfter(now)) {
            closeQuietly(dir.dump);
            dir.dump = null;
            for (Node n : List.copyOf(dir.children.values())) {
                if (n instanceof NfsFile) {
                    detach(n);
                }
            }
        }
    }

    /** Daemon stopping: files still open are kept as truncated ({@code receiver-stopped}). */
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
        if (dir.dump != null) {
            closeQuietly(dir.dump);
            dir.dump = null;
        }
    }

    synchronized List<Node> list(Dir dir) {
        return List.copyOf(dir.children.values());
    }

    private IngestSession binding(Dir dir, String address) throws IOException {
        Instant now = exports.now();
        if (dir.dump == null) {
            try {
                dir.dump = exports.ingest().open(host, "nfs", address, dir.clientPath(exports.export()));
            } catch (StoreException e) {
                throw storeRefusalUnchecked(e);
            }
        }
        dir.dumpUsed = now;
        return dir.dump;
    }

    private boolean replaceable(NfsFile f) {
        StoredFile s = f.session().manifest().file(f.name);
        return s != null && s.bytesIn() != null && s.bytesIn() <= REPLACEABLE_TEXT_BYTES
                && ("text".equals(s.format()) || "empty".equals(s.format()));
    }

    /**
     * A file truncated to 0 (O_TRUNC): the earlier version stays in the dump as NAME.~N~ and the same
     * handle starts a new stored file.
     */
    private void replace(NfsFile f) throws NfsRefused, IOException {
        if (!f.finished) {
            abortQuietly(f, VerdictReason.REPLACED_BY_CLIENT);
        }
        keepAside(f);
        try {
            f.reopen(binding(f.parent, f.session().manifest().clientAddress()), exports.reorderWindow(), exports.now());
        } catch (StoreException e) {
            throw storeRefusal(e);
        }
    }

    /** Frees the client's name in the store: each segment NAME... becomes NAME.~N~... */
    private void keepAside(NfsFile f) throws IOException {
        IngestSession session = f.session();
        int n = 1;
        while (session.manifest().file(f.name + ".~" + n + "~") != null) {
            n++;
        }
        for (String stored : List.copyOf(f.storedNames)) {
            session.rename(stored, f.name + ".~" + n + "~" + stored.substring(f.name.length()));
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

    private void detach(Node n) {
        if (n.parent != null && n.parent.children.get(n.name) == n) {
            n.parent.children.remove(n.name);
        }
        exports.unregister(n);
        nodes--;
    }

    private void room() throws NfsRefused {
        if (nodes >= MAX_NODES) {
            throw new NfsRefused(NfsError.NOSPC, RejectReason.TOO_MANY, "too many files and directories for host " + host);
        }
        nodes++;
    }

    private static void touch(Dir dir) {
        Instant now = Instant.now();
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

    /** A directory named after another host that has dumps here (web-18-2026-...) is not this host's. */
    private void guardHostName(Dir dir, String newName, String address) throws NfsRefused {
        List<String> names = new ArrayList<>();
        if (newName != null) {
            names.add(newName);
        }
        for (Dir d = dir; d != null && d.parent != null; d = d.parent) {
            names.add(d.name);
        }
        for (String name : names) {
            Optional<ClientDirectoryName> named = ClientDirectoryName.parse(name);
            if (named.isPresent() && named.get().hostPart() != null) {
                String other = named.get().hostPart();
                if (!other.equals(host.name()) && !other.equals(address) && exports.hasDumps(other)) {
                    throw new NfsRefused(NfsError.ACCESS, RejectReason.OTHER_HOST, "'" + name + "' is a dump directory of host "
                            + other + ", but this client is " + host);
                }
                return;
            }
        }
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

    private static RuntimeException storeRefusalUnchecked(StoreException e) {
        return new Refusal(storeRefusal(e));
    }

    /** Carries an {@link NfsRefused} through code paths that only declare IOException. */
    static final class Refusal extends RuntimeException {
        final transient NfsRefused refused;

        Refusal(NfsRefused refused) {
            super(refused.getMessage(), null, false, false);
            this.refused = refused;
        }
    }

    private static void closeQuietly(IngestSession session) {
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            // Only the space reserve is released here; the next start's recovery removes it otherwise.
        }
    }
}
