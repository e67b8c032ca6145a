package org.kdumpreceiver.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The storage root: {@code <root>/<host>/<UTC stamp>[-N]/}, each holding sealed files and a manifest.
 * Directory names come from the authenticated host and the receiver's clock, never from the client.
 */
public final class DumpStore {
    public static final String MANIFEST = "manifest.json";
    static final String PART_SUFFIX = ".part";
    public static final String SEALED_SUFFIX = ".zst.age";
    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern STAMP_DIR = Pattern.compile("\\d{8}T\\d{6}Z(-\\d+)?");

    private final Path root;
    private final Clock clock;

    public DumpStore(Path root, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
    }

    public Path root() {
        return root;
    }

    public Clock clock() {
        return clock;
    }

    /** The store's file system in bytes: its size, what is free, and what this process may still use. */
    public record Space(long total, long free, long usable) {}

    /**
     * Taken with statvfs ({@link java.io.File#getUsableSpace()} and friends), not through a {@code FileStore}:
     * resolving a path's mount point needs {@code /proc/mounts}, which a hardened unit may hide.
     */
    public Space space() throws IOException {
        Files.createDirectories(root);
        java.io.File dir = root.toFile();
        return new Space(dir.getTotalSpace(), dir.getFreeSpace(), dir.getUsableSpace());
    }

    public long freeBytes() throws IOException {
        return space().usable();
    }

    /** Whether {@code name} is a host with dumps here (a directory under the root); never true for a non-host name. */
    public boolean hasHost(String name) {
        return HostIdentity.valid(name) && Files.isDirectory(root.resolve(name));
    }

    /**
     * When {@code host}'s newest dump began, from the directory names alone (no manifest is read, nothing is
     * decrypted), so it stays fast on a large store.
     */
    public Optional<Instant> lastDump(String host) throws IOException {
        if (!hasHost(host)) {
            return Optional.empty();
        }
        Instant newest = null;
        for (Path dumpDir : sorted(root.resolve(host))) {
            Optional<Instant> stamp = Files.isDirectory(dumpDir) ? stampOf(dumpDir) : Optional.empty();
            if (stamp.isPresent() && (newest == null || stamp.get().isAfter(newest))) {
                newest = stamp.get();
            }
        }
        return Optional.ofNullable(newest);
    }

    /** Every host's newest dump stamp, as {@link #lastDump} gives it. */
    public Map<String, Instant> lastDumps() throws IOException {
        Map<String, Instant> newest = new TreeMap<>();
        for (Path dir : dumpDirectories()) {
            stampOf(dir).ifPresent(s -> newest.merge(dir.getParent().getFileName().toString(), s,
                    (a, b) -> a.isAfter(b) ? a : b));
        }
        return newest;
    }

    /** The stamp a dump directory is named after ({@code 20261122T140000Z} or {@code ...Z-N}), if it is one. */
    static Optional<Instant> stampOf(Path dumpDir) {
        String name = dumpDir.getFileName().toString();
        if (!STAMP_DIR.matcher(name).matches()) {
            return Optional.empty();
        }
        int dash = name.indexOf('-');
        try {
            return Optional.of(Instant.from(STAMP.parse(dash < 0 ? name : name.substring(0, dash))));
        } catch (DateTimeParseException e) {
            return Optional.empty();  // the pattern matched but the date is impossible (month 13): not a dump
        }
    }

    /** Creates the directory of a new dump, named after {@code stamp}; a clash gets a -N suffix. */
    public DumpRecord create(HostIdentity host, Instant stamp, String protocol, String clientAddress,
            String clientDirectory) throws IOException {
        Path hostDir = root.resolve(host.name());
        try {
            boolean newHost = !Files.isDirectory(hostDir);
            Files.createDirectories(hostDir);
            if (newHost) {
                Durable.syncDirectory(root);
            }
            String base = STAMP.format(stamp);
            for (int n = 0; ; n++) {
                String name = n == 0 ? base : base + "-" + n;
                Path dir = hostDir.resolve(name);
                try {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException taken) {
                    continue;
                }
                Durable.syncDirectory(hostDir);
                Manifest manifest = new Manifest(Manifest.VERSION, host.name() + "/" + name, host.name(),
                        clientAddress, protocol, new Manifest.ClientPaths(clientDirectory, List.of()),
                        clock.instant().toString(), List.of());
                return DumpRecord.create(this, dir, manifest);
            }
        } catch (StoreException e) {
            throw e;
        } catch (IOException e) {
            throw StorageFailure.classify(root, "cannot create a dump directory for " + host, e);
        }
    }

    /** Every dump directory that has a manifest, oldest stamp first within each host. */
    public List<Path> dumpDirectories() throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return dirs;
        }
        for (Path hostDir : sorted(root)) {
            if (!Files.isDirectory(hostDir) || hostDir.getFileName().toString().startsWith(".")) {
                continue;
            }
            for (Path dumpDir : sorted(hostDir)) {
                if (Files.isDirectory(dumpDir) && STAMP_DIR.matcher(dumpDir.getFileName().toString()).matches()) {
                    dirs.add(dumpDir);
                }
            }
        }
        return dirs;
    }

    /** Finds a dump by its id, {@code <host>/<stamp>}; ids that leave the root find nothing. */
    public Optional<Path> find(String id) {
        String[] parts = id.split("/", -1);
        if (parts.length != 2 || !STAMP_DIR.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        if (!HostIdentity.valid(parts[0])) {
            return Optional.empty();
        }
        Path dir = root.resolve(parts[0]).resolve(parts[1]);
        return ManifestCodec.exists(dir) ? Optional.of(dir) : Optional.empty();
    }

    private static List<Path> sorted(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(out::add);
        }
        out.sort(null);
        return out;
    }
}
