package org.kdumpreceiver.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.kdumpreceiver.format.Verdict;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.StoredFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one host may see and do, whatever protocol it speaks: the one host view under SSH and NFS, as
 * nfs4j's {@code VirtualFileSystem} is the one view under its protocol versions. The front ends keep only
 * their protocol's concerns (SSH paths and read-back, NFS handles, attributes and write logs) and ask this
 * view for everything that decides where a host's bytes go:
 * <ul>
 *   <li>a client directory becomes a dump record ({@link DumpBinding}) when the first file is written into it,
 *       so probes that make and remove empty directories leave no empty dumps; it stays bound while files are
 *       open in it and for {@link #DUMP_WINDOW} after, then a sweep releases it and a later write there starts
 *       a new dump;</li>
 *   <li>a directory named after another host that has dumps here is not this host's;</li>
 *   <li>a finished small text file, or a truncated one, may be written again, the earlier version kept as
 *       {@code NAME.~N~};</li>
 *   <li>at most {@link #MAX_ENTRIES} directories and files are held in memory per host.</li>
 * </ul>
 * Lock order: a front end's own lock, then this view's; this view never calls back into a front end.
 */
public final class HostView {
    /** How long a client directory keeps pointing at its dump after the host last used it. */
    public static final Duration DUMP_WINDOW = Duration.ofMinutes(30);
    /** Directories and files one host may make the receiver hold in memory. */
    public static final int MAX_ENTRIES = 10_000;
    /** A finished file up to this size, in text or empty, may be written again (RHEL status, SUSE README). */
    static final long REPLACEABLE_TEXT_BYTES = 64 * 1024;
    static final Logger LOG = LoggerFactory.getLogger("ingest");

    private final HostIdentity host;
    private final Ingest ingest;
    private final Clock clock;
    private final Predicate<String> hostHasDumps;
    private final Map<String, DumpBinding> bindings = new HashMap<>();
    private int entries;

    HostView(HostIdentity host, Ingest ingest, Clock clock, Predicate<String> hostHasDumps) {
        this.host = host;
        this.ingest = ingest;
        this.clock = clock;
        this.hostHasDumps = hostHasDumps;
    }

    public HostIdentity host() {
        return host;
    }

    /**
     * Refuses a client directory that is another host's dump directory (e.g. {@code web-18-2026-11-22-14-00}
     * while this is web-17): the innermost component that reads as a kdump directory name with a host part
     * decides. A host may use its own name or its address there.
     */
    public void guardOwnDirectory(String clientDirectory, String clientAddress) throws HostRefused {
        String[] components = clientDirectory.split("/");
        for (int i = components.length - 1; i >= 0; i--) {
            Optional<ClientDirectoryName> named = ClientDirectoryName.parse(components[i]);
            if (named.isPresent() && named.get().hostPart() != null) {
                String other = named.get().hostPart();
                if (!other.equals(host.name()) && !other.equals(clientAddress) && hostHasDumps.test(other)) {
                    throw new HostRefused(RejectReason.OTHER_HOST, "'" + components[i] + "' is a dump directory of host "
                            + other + ", but this client is " + host);
                }
                return;
            }
        }
    }

    /**
     * The dump {@code clientDirectory} is bound to, opened now (stamped with the receiver's clock) if there is
     * none; a directory is guarded ({@link #guardOwnDirectory}) before it is first bound. Files are started on
     * the returned binding.
     */
    public synchronized DumpBinding bind(String clientDirectory, String protocol, String clientAddress)
            throws IOException {
        DumpBinding binding = bindings.get(clientDirectory);
        if (binding == null) {
            guardOwnDirectory(clientDirectory, clientAddress);
            binding = new DumpBinding(this, clientDirectory,
                    ingest.open(host, protocol, clientAddress, clientDirectory), clock.instant());
            bindings.put(clientDirectory, binding);
        }
        return binding;
    }

    /** The dump {@code clientDirectory} is bound to now, if any. */
    public synchronized Optional<DumpBinding> bound(String clientDirectory) {
        return Optional.ofNullable(bindings.get(clientDirectory));
    }

    /** Counts {@code n} new directories or files against {@link #MAX_ENTRIES}; refused past it. */
    public synchronized void reserveEntries(int n) throws HostRefused {
        if (entries + n > MAX_ENTRIES) {
            throw new HostRefused(RejectReason.TOO_MANY, "too many files and directories for host " + host
                    + " (at most " + MAX_ENTRIES + " are kept in view)");
        }
        entries += n;
    }

    public synchronized void releaseEntries(int n) {
        entries = Math.max(0, entries - n);
    }

    /**
     * Releases every binding with no open file that was last used {@link #DUMP_WINDOW} ago or longer. Front
     * ends see a released binding as {@link DumpBinding#closed()}.
     */
    public synchronized void sweep() {
        Instant cutoff = clock.instant().minus(DUMP_WINDOW);
        Iterator<DumpBinding> it = bindings.values().iterator();
        while (it.hasNext()) {
            DumpBinding b = it.next();
            if (b.idleSince(cutoff)) {
                it.remove();
                b.close();
                LOG.info("dump window closed host={} dump={} client_dir={}", host, b.dumpId(), b.clientDirectory());
            }
        }
    }

    /** The daemon stops: front ends have ended their files; every binding is released. */
    synchronized void close() {
        for (DumpBinding b : List.copyOf(bindings.values())) {
            b.close();
        }
        bindings.clear();
    }

    /**
     * The rule for a finished file that may be written again (the earlier version is kept as {@code NAME.~N~}):
     * a small text or empty file (RHEL's status file, SUSE's README), or a file that ended truncated, which a
     * client writing the same name again is retrying (after a full disk or a dropped connection). A complete
     * or undecided dump is never replaced.
     */
    static boolean replaceable(StoredFile f) {
        if (!f.sealed()) {
            return false;
        }
        boolean smallText = f.bytesIn() != null && f.bytesIn() <= REPLACEABLE_TEXT_BYTES
                && ("text".equals(f.format()) || "empty".equals(f.format()));
        return smallText || Verdict.TRUNCATED.label().equals(f.verdict());
    }

    Instant now() {
        return clock.instant();
    }
}
