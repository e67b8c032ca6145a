package org.kdumpreceiver.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Checks a file that holds a secret (a token, passwords) without reading it: messages name the path,
 * never the content, so {@code check-config} and logs cannot leak the secret.
 */
final class SecretFiles {

    private SecretFiles() {
    }

    /** @return null if {@code file} is a readable regular file that other users cannot read; else why not */
    static String problem(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            return absolute + " does not exist";
        }
        if (!Files.isRegularFile(absolute)) {
            return absolute + " is not a regular file";
        }
        if (!Files.isReadable(absolute)) {
            return absolute + " is not readable by this user";
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(absolute);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                // A secret every local user can read protects nothing; refuse rather than warn.
                return absolute + " is readable by every user; it holds a secret, so run chmod o-r on it";
            }
        } catch (UnsupportedOperationException e) {
            return null;
        } catch (IOException e) {
            return absolute + " cannot be inspected: " + e.getMessage();
        }
        return null;
    }
}
