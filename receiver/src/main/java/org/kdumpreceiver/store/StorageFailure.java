package org.kdumpreceiver.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.RejectReason;

/**
 * How the store itself can fail a file: each with the verdict reason its manifest entry records and the
 * refusal a front end relays to the client. The one place the two vocabularies meet.
 */
enum StorageFailure {
    FULL(VerdictReason.STORAGE_FULL, RejectReason.STORAGE_FULL),
    IO_ERROR(VerdictReason.STORAGE_ERROR, RejectReason.STORAGE_ERROR),
    /** {@code limits.max_file_size}: the disk is fine, so what came before the limit is sealed properly. */
    TOO_LARGE(VerdictReason.FILE_TOO_LARGE, RejectReason.FILE_TOO_LARGE);

    /** Below this much usable space an I/O error is taken to be the disk filling up. */
    private static final long NEARLY_FULL = 1L << 20;

    private final VerdictReason cut;
    private final RejectReason refusal;

    StorageFailure(VerdictReason cut, RejectReason refusal) {
        this.cut = cut;
        this.refusal = refusal;
    }

    VerdictReason cut() {
        return cut;
    }

    RejectReason refusal() {
        return refusal;
    }

    StoreException exception(String message, Throwable cause) {
        return new StoreException(this, message, cause);
    }

    /** Turns a raw I/O error from the storage into a StoreException that says what happened. */
    static StoreException classify(Path onFileSystem, String what, IOException e) {
        if (isFull(onFileSystem, e)) {
            return FULL.exception(what + ": storage is full (" + onFileSystem + ")", e);
        }
        return IO_ERROR.exception(what + ": " + e, e);
    }

    private static boolean isFull(Path onFileSystem, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
            return true;
        }
        // statvfs through File: a FileStore lookup needs /proc/mounts, which ProcSubset=pid hides. File answers
        // 0 for a path it cannot measure, so a vanished path is not taken for a full disk.
        return Files.exists(onFileSystem) && onFileSystem.toFile().getUsableSpace() < NEARLY_FULL;
    }
}
