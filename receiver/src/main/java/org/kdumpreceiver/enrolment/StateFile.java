package org.kdumpreceiver.enrolment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small file in the state directory that the daemon and the operator's CLI both change: every change
 * is a read-modify-write under a lock (a file lock between processes, a monitor between threads, since
 * a JVM cannot hold two file locks on one file), and every write replaces the file atomically with a
 * fsynced mode-0600 copy, so a crash leaves the old or the new content, never half of one. Whoever writes,
 * the files keep the state directory's owner ({@link StateOwner}).
 */
final class StateFile {
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    /** What identifies one version of the file: a rename gives a new inode even within one mtime tick. */
    record Version(Object fileKey, long modifiedNanos, long size) {}

    interface Change<T> {
        T apply(byte[] current) throws IOException;
    }

    private final Path file;

    StateFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The content, or null when the file does not exist yet. */
    byte[] read() throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The current version, or null when the file does not exist. */
    Version version() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Version(a.fileKey(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                    a.size());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Runs {@code change} on the current content under the lock; it writes through {@link #replace}. */
    <T> T update(Change<T> change) throws IOException {
        Object monitor = MONITORS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object());
        synchronized (monitor) {
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                Objects.requireNonNull(lock);
                StateOwner.adopt(lockFile);
                return change.apply(read());
            }
        }
    }

    /** Writes {@code content} as the new file: temporary copy, fsync, atomic rename, fsync of the directory. */
    void replace(byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        StateOwner.adopt(tmp);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
