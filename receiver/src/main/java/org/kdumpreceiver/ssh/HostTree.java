package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.DumpBinding;
import org.kdumpreceiver.ingest.HostRefused;
import org.kdumpreceiver.ingest.HostView;
import org.kdumpreceiver.ingest.Ingest;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.StoredFile;

/**
 * What one host sees over SSH: the paths of its {@link HostView} as a tree of directories and files,
 * shared by all its sessions (kdump clients use one connection per command). Directories exist only here
 * and cost nothing; which dump a file goes to, and whether the host may write there at all, is the host
 * view's to decide. This class keeps only SSH's concerns: {@link ClientPath}s, the receiver's own paths that
 * no host may write into, transfers in flight, and the read-back of small files written with {@code echo}.
 */
final class HostTree {
    private static final int MAX_READ_BACK = 256;
    private static final int READ_BACK_BYTES = 4096;
    private static final String PROTOCOL = "ssh";

    private final HostView view;
    private final Ingest ingest;
    private final Clock clock;
    private final List<ClientPath> forbidden;
    private final Set<ClientPath> dirs = new HashSet<>();
    private final Map<ClientPath, Upload> active = new HashMap<>();
    private final Map<ClientPath, byte[]> readBack = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    HostTree(HostView view, Ingest ingest, List<ClientPath> forbidden) {
        this.view = view;
        this.ingest = ingest;
        this.clock = ingest.clock();
        this.forbidden = List.copyOf(forbidden);
    }

    HostIdentity host() {
        return view.host();
    }

    synchronized void mkdir(ClientPath dir, boolean parents) throws PathRefused {
        guard(dir);
        if (isFile(dir)) {
            throw new PathRefused(RejectReason.EXISTS, "cannot create directory '" + dir + "': File exists");
        }
        if (!parents) {
            if (isDirectory(dir)) {
                throw new PathRefused(RejectReason.EXISTS, "cannot create directory '" + dir + "': File exists");
            }
            if (!isDirectory(dir.parent())) {
                throw new PathRefused(RejectReason.NOT_FOUND, "cannot create directory '" + dir + "': No such file or directory");
            }
        }
        addDirectories(dir);
    }

    synchronized ClientPath mktemp(ClientPath parent) throws PathRefused {
        guard(parent);
        if (!isDirectory(parent)) {
            throw new PathRefused(RejectReason.NOT_FOUND, "failed to create directory via template '" + parent
                    + "/tmp.XXXXXXXXXX': No such file or directory");
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        ClientPath made;
        do {
            StringBuilder name = new StringBuilder("tmp.");
            for (int i = 0; i < 10; i++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            made = parent.child(name.toString());
        } while (dirs.contains(made));
        addDirectories(made);
        return made;
    }

    synchronized void rmdir(ClientPath dir) throws PathRefused {
        guard(dir);
        if (!dirs.contains(dir)) {
            throw new PathRefused(RejectReason.NOT_FOUND, "failed to remove '" + dir + "': "
                    + (isFile(dir) ? "Not a directory" : "No such file or directory"));
        }
        if (!list(dir).isEmpty()) {
            throw new PathRefused(RejectReason.NOT_EMPTY, "failed to remove '" + dir + "': Directory not empty");
        }
        dirs.remove(dir);
        view.releaseEntries(1);
    }

    /** Starts a file in the dump its directory is bound to (made now if there is none). */
    synchronized Upload create(ClientPath file, String clientAddress) throws IOException {
        guard(file);
        if (file.isRoot() || isDirectory(file)) {
            throw new PathRefused(RejectReason.IS_DIRECTORY, "'" + file + "' is a directory");
        }
        if (active.containsKey(file)) {
            throw new PathRefused(RejectReason.BUSY, "'" + file + "' is being written by another session");
        }
        try {
            view.guardOwnDirectory(file.parent().toString(), clientAddress);
            addDirectories(file.parent());
            DumpBinding binding = view.bind(file.parent().toString(), PROTOCOL, clientAddress);
            Upload upload = new Upload(this, file, binding.open(file.name()));
            active.put(file, upload);
            readBack.remove(file);
            return upload;
        } catch (HostRefused e) {
            throw refused(e);
        }
    }

    /** Called by an upload when it ended, however it ended. */
    synchronized void ended(Upload upload, byte[] keepForReadBack) {
        active.remove(upload.path());
        if (keepForReadBack != null && keepForReadBack.length <= READ_BACK_BYTES) {
            readBack.put(upload.path(), keepForReadBack);
            Iterator<ClientPath> oldest = readBack.keySet().iterator();
            while (readBack.size() > MAX_READ_BACK) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    synchronized StoredFile rename(ClientPath from, ClientPath to) throws IOException {
        guard(from);
        guard(to);
        if (!from.parent().equals(to.parent())) {
            throw new PathRefused(RejectReason.CROSS_DIRECTORY, "cannot move '" + from + "' to '" + to
                    + "': moving between directories is not served (kdump clients rename within one directory)");
        }
        Optional<DumpBinding> binding = binding(from.parent());
        if (binding.isEmpty() || binding.get().file(from.name()) == null) {
            throw new PathRefused(RejectReason.NOT_FOUND, "cannot stat '" + from + "': No such file or directory");
        }
        StoredFile renamed;
        try {
            renamed = binding.get().rename(from.name(), to.name());
        } catch (HostRefused e) {
            throw refused(e);
        }
        Upload moving = active.remove(from);
        if (moving != null) {
            moving.movedTo(to);
            active.put(to, moving);
        }
        byte[] kept = readBack.remove(from);
        if (kept != null) {
            readBack.put(to, kept);
        }
        return renamed;
    }

    /** Type and size of what the client sees at {@code path}, if anything. */
    synchronized Optional<Entry> stat(ClientPath path) {
        if (isDirectory(path)) {
            return Optional.of(new Entry(path.name(), true, 0, clock.instant()));
        }
        Upload upload = active.get(path);
        if (upload != null) {
            return Optional.of(new Entry(path.name(), false, upload.size(), clock.instant()));
        }
        StoredFile f = storedFile(path);
        if (f != null) {
            long size = f.bytesIn() == null ? 0 : f.bytesIn();
            Instant at = f.finishedAt() == null ? clock.instant() : Instant.parse(f.finishedAt());
            return Optional.of(new Entry(path.name(), false, size, at));
        }
        return Optional.empty();
    }

    synchronized List<Entry> list(ClientPath dir) {
        Set<String> names = new TreeSet<>();
        for (ClientPath d : dirs) {
            if (!d.isRoot() && d.parent().equals(dir)) {
                names.add(d.name());
            }
        }
        binding(dir).ifPresent(b -> b.manifest().files().forEach(f -> names.add(f.clientName())));
        List<Entry> out = new ArrayList<>();
        for (String name : names) {
            stat(dir.child(name)).ifPresent(out::add);
        }
        return out;
    }

    /** A small file this host wrote with {@code echo} (RHEL's vmcore-creation.status), for it to read back. */
    synchronized Optional<byte[]> readBack(ClientPath path) {
        return Optional.ofNullable(readBack.get(path));
    }

    synchronized boolean isDirectory(ClientPath path) {
        return path.isRoot() || dirs.contains(path);
    }

    /** The receiver's clock, for the times SFTP shows. */
    Instant now() {
        return clock.instant();
    }

    /** Why a transfer whose stream broke off is cut: the client's connection, or the daemon stopping. */
    VerdictReason cutReason() {
        return ingest.cutReason();
    }

    /**
     * Runs once the daemon's workers have ended (they abort their own transfers when their channels close,
     * so no upload is touched from two threads). Anything still open is a worker that did not end in time;
     * it is aborted here as a last resort. The host view's dumps are released by the daemon afterwards.
     */
    synchronized void close() {
        for (Upload upload : List.copyOf(active.values())) {
            upload.abortQuietly(cutReason());
        }
    }

    record Entry(String name, boolean directory, long size, Instant modified) {}

    private boolean isFile(ClientPath path) {
        return active.containsKey(path) || storedFile(path) != null;
    }

    private StoredFile storedFile(ClientPath path) {
        return binding(path.parent()).map(b -> b.file(path.name())).orElse(null);
    }

    /** The live dump of a directory; one whose window closed shows its directory empty again. */
    private Optional<DumpBinding> binding(ClientPath dir) {
        return view.bound(dir.toString()).filter(b -> !b.closed());
    }

    private void addDirectories(ClientPath dir) throws PathRefused {
        for (ClientPath p = dir; !p.isRoot() && !dirs.contains(p); p = p.parent()) {
            try {
                view.reserveEntries(1);
            } catch (HostRefused e) {
                throw refused(e);
            }
            dirs.add(p);
        }
    }

    private void guard(ClientPath path) throws PathRefused {
        for (ClientPath f : forbidden) {
            if (path.startsWith(f)) {
                throw new PathRefused(RejectReason.PATH_ESCAPE, "'" + path + "' is inside the receiver's own storage; a host"
                        + " writes only into its own dump directories");
            }
        }
    }

    private static PathRefused refused(HostRefused e) {
        return new PathRefused(e.reason(), e.getMessage());
    }
}
