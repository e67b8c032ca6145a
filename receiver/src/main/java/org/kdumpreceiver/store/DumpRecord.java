package org.kdumpreceiver.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.kdumpreceiver.ingest.RejectReason;

/**
 * One dump directory while the receiver writes into it. Every change to its files goes through here,
 * so the manifest on disk always describes the directory (updated under this object's lock).
 */
public final class DumpRecord implements AutoCloseable {
    /**
     * Space set aside when the directory is created, released when the disk fills so the manifest can
     * still record what happened to the file that filled it.
     */
    static final String RESERVE = ".reserve";
    private static final int RESERVE_BYTES = 64 * 1024;

    private final DumpStore store;
    private final Path dir;
    private final Map<String, SealedFileWriter> writing = new HashMap<>();
    private Manifest manifest;

    private DumpRecord(DumpStore store, Path dir, Manifest manifest) {
        this.store = store;
        this.dir = dir;
        this.manifest = manifest;
    }

    static DumpRecord create(DumpStore store, Path dir, Manifest manifest) throws IOException {
        DumpRecord record = new DumpRecord(store, dir, manifest);
        try {
            writeReserve(dir.resolve(RESERVE));
            record.writeManifest();
        } catch (IOException e) {
            Files.deleteIfExists(dir.resolve(RESERVE));
            Files.deleteIfExists(dir.resolve(DumpStore.MANIFEST));
            Files.deleteIfExists(dir);
            throw StorageFailure.classify(dir.getParent(), "cannot create dump directory " + dir, e);
        }
        return record;
    }

    public String id() {
        return manifest.id();
    }

    public String host() {
        return manifest.host();
    }

    public String protocol() {
        return manifest.protocol();
    }

    public Path dir() {
        return dir;
    }

    public synchronized Manifest manifest() {
        return manifest;
    }

    /** Starts a new file; refuses a name that is already being written or already sealed here. */
    public synchronized SealedFileWriter openFile(String clientName, SealingPolicy policy) throws IOException {
        ClientFileName.check(clientName);
        StoredFile existing = manifest.file(clientName);
        if (existing != null) {
            throw new StoreException(existing.sealed() ? RejectReason.FINISHED_FILE : RejectReason.BUSY,
                    existing.sealed()
                            ? "refusing to overwrite finished file '" + clientName + "' of dump " + id()
                            : "file '" + clientName + "' of dump " + id() + " is already being written");
        }
        long free = store.freeBytes();
        if (free < policy.minFreeBytes()) {
            throw new StoreException(RejectReason.STORAGE_FULL, "storage is full: " + free + " bytes free under "
                    + store.root() + ", storage.min_free is " + policy.minFreeBytes());
        }
        String partName = ".incoming-" + manifest.files().size() + DumpStore.PART_SUFFIX;
        Instant started = store.clock().instant();
        SealedFileWriter writer;
        try {
            writer = new SealedFileWriter(this, partName, dir.resolve(partName), policy, started);
        } catch (IOException e) {
            throw StorageFailure.classify(dir, "cannot create file '" + clientName + "' in dump " + id(), e);
        }
        Manifest before = manifest;
        manifest = manifest.withFile(new StoredFile(clientName, clientPath(clientName), partName,
                StoredFile.RECEIVING, null, null, null, null, null, null, null, policy.compressionLabel(),
                policy.recipientStrings(), started.toString(), null, null, null));
        try {
            writeManifest();
        } catch (IOException e) {
            manifest = before;
            writer.discard();
            throw StorageFailure.classify(dir, "cannot record file '" + clientName + "' in dump " + id(), e);
        }
        writing.put(partName, writer);
        return writer;
    }

    /**
     * The client renamed one of its files (e.g. {@code dump-incomplete} to {@code dump.202611221400}).
     * A sealed file is renamed on disk at once; a file still being written is sealed under the new name.
     */
    public synchronized StoredFile rename(String from, String to) throws IOException {
        ClientFileName.check(to);
        StoredFile file = manifest.file(from);
        if (file == null) {
            throw new StoreException(RejectReason.NOT_FOUND, "no file '" + ClientFileName.printable(from) + "' in dump " + id());
        }
        if (from.equals(to)) {
            return file;
        }
        StoredFile target = manifest.file(to);
        if (target != null) {
            throw new StoreException(RejectReason.FINISHED_FILE,
                    "refusing to replace file '" + to + "' of dump " + id() + " (it is " + target.state() + ")");
        }
        String at = store.clock().instant().toString();
        String storedName = file.sealed() ? to + DumpStore.SEALED_SUFFIX : file.storedName();
        if (file.sealed()) {
            Durable.publish(dir.resolve(file.storedName()), dir.resolve(storedName));
        }
        manifest = manifest.replacing(from, f -> f.renamedTo(to, clientPath(to), storedName, at));
        writeManifest();
        return manifest.file(to);
    }

    /** Publishes a finished part file under its client name and records the outcome. */
    synchronized StoredFile seal(String partName, Outcome outcome) throws IOException {
        StoredFile entry = entryByStoredName(partName);
        String finalName = entry.clientName() + DumpStore.SEALED_SUFFIX;
        Durable.publish(dir.resolve(partName), dir.resolve(finalName));
        Instant finished = store.clock().instant();
        StoredFile sealed = outcome.applyTo(entry, finalName, finished);
        manifest = manifest.replacingStored(partName, f -> sealed);
        writing.remove(partName);
        writeManifest();
        return sealed;
    }

    /** Forgets a part file that never got a manifest entry. */
    synchronized void forget(String partName) {
        writing.remove(partName);
    }

    synchronized StoredFile entryByStoredName(String storedName) {
        for (StoredFile f : manifest.files()) {
            if (storedName.equals(f.storedName())) {
                return f;
            }
        }
        throw new IllegalStateException("dump " + id() + " has no entry for " + storedName);
    }

    /** Releases the space reserve; files still being written are aborted first by their owners. */
    @Override
    public synchronized void close() throws IOException {
        if (writing.isEmpty()) {
            Files.deleteIfExists(dir.resolve(RESERVE));
        }
    }

    private String clientPath(String clientName) {
        String directory = manifest.clientPaths().directory();
        if (directory == null || directory.isEmpty()) {
            return clientName;
        }
        return directory.endsWith("/") ? directory + clientName : directory + "/" + clientName;
    }

    private void writeManifest() throws IOException {
        byte[] content = ManifestCodec.encode(manifest);
        Path target = dir.resolve(DumpStore.MANIFEST);
        try {
            Durable.replace(target, content);
        } catch (IOException e) {
            // A full disk must not leave the manifest behind the files it describes: spend the reserve.
            if (!Files.deleteIfExists(dir.resolve(RESERVE))) {
                throw e;
            }
            Durable.replace(target, content);
        }
    }

    private static void writeReserve(Path reserve) throws IOException {
        try (FileChannel ch = FileChannel.open(reserve, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(RESERVE_BYTES);
            while (zeros.hasRemaining()) {
                ch.write(zeros);
            }
            ch.force(true);
        }
    }
}
