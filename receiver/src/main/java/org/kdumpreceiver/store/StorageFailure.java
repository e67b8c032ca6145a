package org.kdumpreceiver.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns a raw I/O error from the storage into a StoreException that says what happened. */
final class StorageFailure {
    static final String FULL = "storage-full";
    static final String IO_ERROR = "storage-error";
    /** Below this much usable space an I/O error is taken to be the disk filling up. */
    private static final long NEARLY_FULL = 1L << 20;

    private StorageFailure() {}

    static StoreException classify(Path onFileSystem, String what, IOException e) {
        if (isFull(onFileSystem, e)) {
            return new StoreException(FULL, what + ": storage is full (" + onFileSystem + ")", e);
        }
        return new StoreException(IO_ERROR, what + ": " + e, e);
    }

    static boolean isFull(Path onFileSystem, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
            return true;
        }
        try {
            return Files.getFileStore(onFileSystem).getUsableSpace() < NEARLY_FULL;
        } catch (IOException unknown) {
            return false;
        }
    }
}
