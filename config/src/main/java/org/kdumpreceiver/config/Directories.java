package org.kdumpreceiver.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Checks that the daemon will be able to create or write a directory. The check writes: it leaves nothing
 * behind, but no reading of mount tables or permission bits answers the question as well.
 */
final class Directories {

    // The daemon runs as root, and access(2) tells root that almost anything is writable,
    // including /proc and /sys; those cannot hold dump files, so refuse them by type.
    private static final Set<String> PSEUDO_FILESYSTEMS = Set.of(
            "proc", "sysfs", "cgroup", "cgroup2", "devpts", "debugfs", "tracefs", "securityfs", "configfs",
            "pstore", "bpf", "efivarfs", "fusectl", "mqueue", "hugetlbfs", "binfmt_misc");

    private Directories() {
    }

    /**
     * Whether the daemon will be able to create or write {@code dir}, tested by creating (and deleting) an
     * empty file in {@code dir} or, when it does not exist yet, in its nearest existing parent.
     *
     * @return null if {@code dir} is, or can be created as, a writable directory; else why not
     */
    static String writableProblem(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute + " cannot be created: no part of the path exists";
        }
        String subject = existing.equals(absolute) ? absolute.toString()
                : absolute + " cannot be created because " + existing;
        if (!Files.isDirectory(existing)) {
            return subject + " is not a directory";
        }
        String pseudo = pseudoFilesystem(existing);
        if (pseudo != null) {
            return subject + " is on a " + pseudo + " pseudo-filesystem that cannot hold files";
        }
        // Writing is the only honest test: access(2) says yes to root almost everywhere, and the JDK's
        // FileStore.isReadOnly() reports the filesystem of the mount point it finds in /proc/mounts, which for
        // a writable bind mount on the read-only root (systemd's ProtectSystem=strict with ReadWritePaths=) is
        // the read-only root.
        try {
            Files.delete(Files.createTempFile(existing, ".kdump-receiver-check-", ".tmp"));
        } catch (IOException | SecurityException e) {
            return subject + " is not writable by this user (" + why(e) + ")";
        }
        return null;
    }

    /** The type of a pseudo-filesystem under {@code dir}, or null; a lookup that fails means "type unknown". */
    private static String pseudoFilesystem(Path dir) {
        try {
            String type = Files.getFileStore(dir).type();
            return PSEUDO_FILESYSTEMS.contains(type) ? type : null;
        } catch (IOException | SecurityException e) {
            // ProcSubset=pid hides /proc/mounts ("Mount point not found"): the write below still decides.
            return null;
        }
    }

    private static String why(Exception e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }
}
