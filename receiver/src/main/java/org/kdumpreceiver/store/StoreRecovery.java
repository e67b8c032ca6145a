package org.kdumpreceiver.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kdumpreceiver.format.Verdict;
import org.kdumpreceiver.format.VerdictReason;

/**
 * Runs once at start-up, before any front end: files that were being written when the process died
 * keep every byte that reached the disk, get their final name and are marked truncated with reason
 * {@code receiver-restart}. Nothing already sealed is touched.
 */
public final class StoreRecovery {
    public record Recovered(String dumpId, String host, String storedName, long bytesStored, String protocol) {}

    private StoreRecovery() {}

    public static List<Recovered> recover(DumpStore store) throws IOException {
        List<Recovered> recovered = new ArrayList<>();
        for (Path dir : store.dumpDirectories()) {
            Files.deleteIfExists(dir.resolve("." + DumpStore.MANIFEST + ".tmp"));
            if (!ManifestCodec.exists(dir)) {
                removeIfNeverUsed(dir);
                continue;
            }
            recoverDirectory(store, dir, recovered);
            Files.deleteIfExists(dir.resolve(DumpRecord.RESERVE));
        }
        return recovered;
    }

    private static void recoverDirectory(DumpStore store, Path dir, List<Recovered> recovered) throws IOException {
        Manifest manifest = ManifestCodec.read(dir.resolve(DumpStore.MANIFEST));
        Instant now = store.clock().instant();
        boolean changed = false;
        for (StoredFile file : manifest.files()) {
            if (file.sealed()) {
                continue;
            }
            String finalName = file.clientName() + DumpStore.SEALED_SUFFIX;
            Path part = dir.resolve(file.storedName());
            Path target = dir.resolve(finalName);
            if (Files.exists(part) && !Files.exists(target)) {
                Durable.publish(part, target);
            }
            StoredFile updated;
            if (Files.exists(target)) {
                long size = Files.size(target);
                updated = truncated(size, Sha256.of(target)).applyTo(file, finalName, now);
                recovered.add(new Recovered(manifest.id(), manifest.host(), finalName, size, manifest.protocol()));
            } else {
                updated = truncated(0, null).applyTo(file, null, now);
                recovered.add(new Recovered(manifest.id(), manifest.host(), null, 0, manifest.protocol()));
            }
            manifest = manifest.replacing(file.clientName(), f -> updated);
            changed = true;
        }
        changed |= removeOrphanParts(dir, manifest);
        if (changed) {
            Durable.replace(dir.resolve(DumpStore.MANIFEST), ManifestCodec.encode(manifest));
        }
    }

    private static Outcome truncated(long bytesStored, String sha256Stored) {
        return new Outcome(null, bytesStored, null, sha256Stored, null, Verdict.TRUNCATED.label(),
                VerdictReason.RECEIVER_RESTART);
    }

    /** A part file is created just before its manifest entry; a crash in between leaves it empty. */
    private static boolean removeOrphanParts(Path dir, Manifest manifest) throws IOException {
        boolean removed = false;
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, ".incoming-*" + DumpStore.PART_SUFFIX)) {
            for (Path part : parts) {
                String name = part.getFileName().toString();
                boolean known = manifest.files().stream().anyMatch(f -> name.equals(f.storedName()));
                if (!known && Files.size(part) == 0) {
                    Files.delete(part);
                    removed = true;
                }
            }
        }
        return removed;
    }

    /** A directory created just before its first manifest holds at most the reserve. */
    private static void removeIfNeverUsed(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(DumpRecord.RESERVE));
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(dir)) {
            if (rest.iterator().hasNext()) {
                return;
            }
        }
        Files.delete(dir);
    }
}
