package org.kdumpreceiver.nfs;

/**
 * What both NFS versions tell a client about the export's file system (v3 FSSTAT and PATHCONF, v4 attributes),
 * so the two never disagree. The file counts are nominal: there are no inodes, only HostExport's node limit.
 */
final class FileSystemLimits {
    static final long FILES_TOTAL = 1_000_000;
    static final long FILES_FREE = 100_000;
    /** The longest name, in bytes of UTF-8, as {@link HostExport#checkName} counts it. */
    static final int NAME_MAX = 255;
    /** No hard links: every file has one name. */
    static final int LINK_MAX = 1;
    static final long MAX_FILE_SIZE = Long.MAX_VALUE;

    private FileSystemLimits() {
    }

    /** The fsid: from this daemon start's random boot number, which its file handles carry too. */
    static long fsid(Exports exports) {
        return exports.boot() & 0x7fffffffL;
    }
}
