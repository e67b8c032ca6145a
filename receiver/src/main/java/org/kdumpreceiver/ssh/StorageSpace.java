package org.kdumpreceiver.ssh;

import java.io.IOException;

/** Free space of the store, for {@code df} and SFTP statvfs: the real number, never a made-up one. */
@FunctionalInterface
interface StorageSpace {
    long freeBytes() throws IOException;
}
