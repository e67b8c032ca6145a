package org.kdumpreceiver.ingest;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.StoredFile;

/**
 * A client directory bound to one dump record: every file the host writes into that directory, over any
 * protocol, goes into this dump while the host keeps using it and for {@link HostView#DUMP_WINDOW} after.
 * All state is guarded by the owning {@link HostView}'s lock.
 */
public final class DumpBinding {
    private final HostView view;
    private final String clientDirectory;
    private final IngestSession session;
    private int openFiles;
    private Instant lastUsed;
    private boolean closed;

    DumpBinding(HostView view, String clientDirectory, IngestSession session, Instant now) {
        this.view = view;
        this.clientDirectory = clientDirectory;
        this.session = session;
        this.lastUsed = now;
    }

    public String clientDirectory() {
        return clientDirectory;
    }

    public String dumpId() {
        return session.dumpId();
    }

    public Manifest manifest() {
        return session.manifest();
    }

    /** The client address the dump was opened from. */
    public String clientAddress() {
        return session.manifest().clientAddress();
    }

    /** The stored file the client calls {@code name}, or null. */
    public StoredFile file(String name) {
        return session.manifest().file(name);
    }

    /**
     * Starts a file; every stored file counts against {@link HostView#MAX_ENTRIES} until the binding is
     * released. A finished small text file of that name is set aside first ({@link #setAside}), as RHEL
     * rewrites its status file and SUSE its README; a name taken by anything else is refused by the store.
     */
    public DumpFile open(String name) throws IOException {
        synchronized (view) {
            live();
            StoredFile existing = file(name);
            if (existing != null && HostView.replaceable(existing)) {
                setAside(name, List.of(name));
            }
            view.reserveEntries(1);
            DumpFile file;
            try {
                file = new DumpFile(this, session.openFile(name));
            } catch (IOException | RuntimeException e) {
                view.releaseEntries(1);
                throw e;
            }
            openFiles++;
            lastUsed = view.now();
            return file;
        }
    }

    /** The client renamed a file within this directory. */
    public StoredFile rename(String from, String to) throws IOException {
        synchronized (view) {
            live();
            lastUsed = view.now();
            return session.rename(from, to);
        }
    }

    /**
     * Frees the client's name {@code name} for a new version: each stored name in {@code storedNames} (the
     * file itself, then any segment named {@code name + suffix}) becomes {@code name.~N~ + suffix}, with the
     * first N free. Nothing the host sent is ever dropped. Returns the new name of {@code name}.
     */
    public String setAside(String name, List<String> storedNames) throws IOException {
        synchronized (view) {
            live();
            int n = 1;
            while (file(name + ".~" + n + "~") != null) {
                n++;
            }
            String aside = name + ".~" + n + "~";
            for (String stored : storedNames) {
                if (!stored.startsWith(name)) {
                    throw new IllegalArgumentException(stored + " is not a segment of " + name);
                }
                session.rename(stored, aside + stored.substring(name.length()));
            }
            lastUsed = view.now();
            return aside;
        }
    }

    /** Whether the finished file {@code name} may be written again (see {@link HostView#replaceable}). */
    public boolean replaceable(String name) {
        synchronized (view) {
            StoredFile f = file(name);
            return f != null && HostView.replaceable(f);
        }
    }

    /** Whether the window passed (or the daemon stopped) and this binding no longer takes files. */
    public boolean closed() {
        synchronized (view) {
            return closed;
        }
    }

    void fileEnded() {
        synchronized (view) {
            openFiles--;
            lastUsed = view.now();
        }
    }

    /** Called with the view's lock held. */
    boolean idleSince(Instant cutoff) {
        return openFiles == 0 && !lastUsed.isAfter(cutoff);
    }

    /** Called with the view's lock held; releases the dump record's space reserve. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        view.releaseEntries(session.manifest().files().size());
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            // Only the space reserve is released here; the recovery at the next start removes it otherwise.
            HostView.LOG.warn("host={} dump={} cannot release the dump's space reserve: {}", view.host(),
                    dumpId(), e.toString());
        }
    }

    private void live() throws HostRefused {
        if (closed) {
            throw new HostRefused(RejectReason.BUSY, "dump " + dumpId() + " of directory " + clientDirectory
                    + " is closed");
        }
    }
}
