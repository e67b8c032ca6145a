package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
import java.util.function.Predicate;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.ClientDirectoryName;
import org.kdumpreceiver.ingest.FileSink;
import org.kdumpreceiver.ingest.Ingest;
import org.kdumpreceiver.ingest.IngestSession;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.StoreException;
import org.kdumpreceiver.store.StoredFile;

/**
 * What one host sees over SSH: a virtual tree of the directories it made and the files it wrote,
 * shared by all its sessions (kdump clients use one connection per command). Directories cost
 * nothing; a client directory becomes a dump record only when the first file is written into it, so
 * RHEL's first-kernel probes ({@code mkdir -p /var/crash}, {@code mktemp}, {@code rmdir}) leave no
 * empty dumps. A client directory keeps pointing at its dump record while the host keeps using it,
 * and for {@link #DUMP_WINDOW} after; a later write there starts a new dump.
 */
final class HostTree {
    static final Duration DUMP_WINDOW = Duration.ofMinutes(30);
    private static final int MAX_DIRECTORIES = 10_000;
    private static final int MAX_READ_BACK = 256;
    private static final int READ_BACK_BYTES = 4096;
    private static final String PROTOCOL = "ssh";
    private static final long REPLACEABLE_TEXT_BYTES = 64 * 1024;

    private final HostIdentity host;
    private final Ingest ingest;
    private final Clock clock;
    private final List<ClientPath> forbidden;
    private final Predicate<String> otherHost;
    private final Set<ClientPath> dirs = new HashSet<>();
    private final Map<ClientPath, Binding> dumps = new HashMap<>();
    private final Map<ClientPath, Upload> active = new HashMap<>();
    private final Map<ClientPath, byte[]> readBack = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Set when the daemon stops: a transfer cut then was cut by us, not by the client. */
    private volatile VerdictReason stopping;

    /** A client directory and the dump record its files go to. */
    private static final class Binding {
        final IngestSession session;
        Instant lastUsed;

        Binding(IngestSession session, Instant now) {
            this.session = session;
            this.lastUsed = now;
        }
    }

    HostTree(HostIdentity host, Ingest ingest, Clock clock, List<ClientPath> forbidden, Predicate<String> otherHost) {
        this.host = host;
        this.ingest = ingest;
        this.clock = clock;
        this.forbidden = List.copyOf(forbidden);
        this.otherHost = otherHost;
    }

    HostIdentity host() {
        return host;
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
    }

    /** Starts a file; its dump record is the one bound to its directory, made now if there is none. */
    Upload create(ClientPath file, String clientAddress) throws IOException {
        synchronized (this) {
            guard(file);
            if (file.isRoot() || isDirectory(file)) {
                throw new PathRefused(RejectReason.IS_DIRECTORY, "'" + file + "' is a directory");
            }
            if (active.containsKey(file)) {
                throw new PathRefused(RejectReason.BUSY, "'" + file + "' is being written by another session");
            }
            guardHostName(file.parent(), clientAddress);
            addDirectories(file.parent());
            Binding binding = binding(file.parent(), clientAddress);
            keepReplacedText(binding.session, file.name());
            FileSink sink = binding.session.openFile(file.name());
            Upload upload = new Upload(this, file, binding.session.dumpId(), sink);
            active.put(file, upload);
            readBack.remove(file);
            return upload;
        }
    }

    /**
     * RHEL writes its test status file twice and SUSE its README.txt twice: a finished small text file
     * may be written again, and the earlier version stays in the dump as {@code NAME.~N~}. Dump files
     * are never replaced.
     */
    private static void keepReplacedText(IngestSession session, String name) throws IOException {
        StoredFile existing = session.manifest().file(name);
        if (existing == null || !existing.sealed() || existing.bytesIn() == null
                || existing.bytesIn() > REPLACEABLE_TEXT_BYTES
                || !("text".equals(existing.format()) || "empty".equals(existing.format()))) {
            return;
        }
        int n = 1;
        while (session.manifest().file(name + ".~" + n + "~") != null) {
            n++;
        }
        session.rename(name, name + ".~" + n + "~");
    }

    /** Called by an upload when it ended, however it ended. */
    synchronized void ended(Upload upload, byte[] keepForReadBack) {
        active.remove(upload.path());
        Binding binding = dumps.get(upload.path().parent());
        if (binding != null) {
            binding.lastUsed = clock.instant();
        }
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
        Binding binding = dumps.get(from.parent());
        if (binding == null || binding.session.manifest().file(from.name()) == null) {
            throw new PathRefused(RejectReason.NOT_FOUND, "cannot stat '" + from + "': No such file or directory");
        }
        binding.lastUsed = clock.instant();
        StoredFile renamed = binding.session.rename(from.name(), to.name());
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
        Binding binding = dumps.get(dir);
        if (binding != null) {
            binding.session.manifest().files().forEach(f -> names.add(f.clientName()));
        }
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

    /** Why a transfer whose stream broke off is cut: the client's connection, or the daemon stopping. */
    VerdictReason cutReason() {
        VerdictReason reason = stopping;
        return reason != null ? reason : VerdictReason.CONNECTION_LOST;
    }

    void stopping(VerdictReason reason) {
        stopping = reason;
    }

    /**
     * Releases every dump once the daemon's workers have ended (they abort their own transfers when
     * their channels close, so no upload is touched from two threads). Anything still open is a
     * worker that did not end in time; it is aborted here as a last resort.
     */
    synchronized void close() {
        for (Upload upload : List.copyOf(active.values())) {
            upload.abortQuietly(cutReason());
        }
        for (Binding b : dumps.values()) {
            closeQuietly(b.session);
        }
        dumps.clear();
    }

    record Entry(String name, boolean directory, long size, Instant modified) {}

    private boolean isFile(ClientPath path) {
        return active.containsKey(path) || storedFile(path) != null;
    }

    private StoredFile storedFile(ClientPath path) {
        Binding binding = dumps.get(path.parent());
        return binding == null ? null : binding.session.manifest().file(path.name());
    }

    private Binding binding(ClientPath dir, String clientAddress) throws IOException {
        Instant now = clock.instant();
        expireIdle(now);
        Binding binding = dumps.get(dir);
        if (binding == null) {
            binding = new Binding(ingest.open(host, PROTOCOL, clientAddress, dir.toString()), now);
            dumps.put(dir, binding);
        }
        binding.lastUsed = now;
        return binding;
    }

    private void expireIdle(Instant now) {
        Iterator<Map.Entry<ClientPath, Binding>> it = dumps.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<ClientPath, Binding> e = it.next();
            boolean busy = active.keySet().stream().anyMatch(p -> p.parent().equals(e.getKey()));
            if (!busy && e.getValue().lastUsed.plus(DUMP_WINDOW).isBefore(now)) {
                closeQuietly(e.getValue().session);
                it.remove();
            }
        }
    }

    private void addDirectories(ClientPath dir) throws PathRefused {
        for (ClientPath p = dir; !p.isRoot() && !dirs.contains(p); p = p.parent()) {
            if (dirs.size() >= MAX_DIRECTORIES) {
                throw new PathRefused(RejectReason.TOO_MANY, "too many directories for host " + host);
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

    /** A directory named after another host that has dumps here (e.g. web-18-2026-11-22-14-00) is not this host's. */
    private void guardHostName(ClientPath dir, String clientAddress) throws PathRefused {
        for (ClientPath p = dir; !p.isRoot(); p = p.parent()) {
            Optional<ClientDirectoryName> named = ClientDirectoryName.parse(p.name());
            if (named.isPresent() && named.get().hostPart() != null) {
                String other = named.get().hostPart();
                if (!other.equals(host.name()) && !other.equals(clientAddress) && otherHost.test(other)) {
                    throw new PathRefused(RejectReason.OTHER_HOST, "'" + p + "' is a dump directory of host " + other
                            + ", but this key belongs to " + host);
                }
                return;
            }
        }
    }

    private static void closeQuietly(IngestSession session) {
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            // Only the space reserve is released here; the recovery at the next start removes it otherwise.
        }
    }

    /** For tests and the sweep: how many client directories are bound to dump records. */
    synchronized int boundDumps() {
        return dumps.size();
    }

    static StoreException asStoreException(PathRefused e) {
        return new StoreException(e.reason(), e.getMessage());
    }
}
