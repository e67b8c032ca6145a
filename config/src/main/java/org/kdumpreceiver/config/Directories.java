package org.kdumpreceiver.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Checks, without creating anything, that the daemon will be able to create or write a directory.
 */
final class Directories {

    // The daemon runs as root, and access(2) tells root that almost anything is writable,
    // including /proc and /sys; those cannot hold dump files, so refuse them by type.
    private static final Set<String> PSEUDO_FILESYSTEMS = Set.of(
            "proc", "sysfs", "cgroup", "cgroup2", "devpts", "debugfs", "tracefs", "securityfs", "configfs",
            "pstore", "bpf", "efivarfs", "fusectl", "mqueue", "hugetlbfs", "binfmt_misc");

    private Directories() {
    }

    /** @return null if {@code dir} is, or can be created as, a writable directory; else why not */
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
        if (!Files.isWritable(existing)) {
            return subject + " is not writable by this user";
        }
        try {
            var store = Files.getFileStore(existing);
            if (store.isReadOnly()) {
                return subject + " is on a read-only filesystem";
            }
            if (PSEUDO_FILESYSTEMS.contains(store.type())) {
                return subject + " is on a " + store.type() + " pseudo-filesystem that cannot hold files";
            }
        } catch (IOException e) {
            return subject + " cannot be inspected: " + e.getMessage();
        }
        return null;
    }
}
