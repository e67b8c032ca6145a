package org.kdumpreceiver.nfs;

import java.time.Instant;

/** A directory or file in one host's view of the export. Guarded by its {@link HostExport}'s lock. */
abstract class Node {
    final long id;
    final HostExport owner;
    String name;
    Dir parent;
    int mode;
    Instant atime;
    Instant mtime;
    Instant ctime;

    Node(long id, HostExport owner, String name, Dir parent, int mode, Instant now) {
        this.id = id;
        this.owner = owner;
        this.name = name;
        this.parent = parent;
        this.mode = mode;
        this.atime = now;
        this.mtime = now;
        this.ctime = now;
    }

    abstract boolean isDirectory();

    abstract long size();

    static final int ACCESS_READ = 0x1;
    static final int ACCESS_LOOKUP = 0x2;
    static final int ACCESS_MODIFY = 0x4;
    static final int ACCESS_EXTEND = 0x8;
    static final int ACCESS_DELETE = 0x10;

    /** What the owning client may do with this node: the ACCESS bits of NFSv3 and NFSv4 (same values). */
    abstract int access();

    /** The client's path of this node below the export, e.g. {@code /var/crash/10.0.2.15-202611221400}. */
    String clientPath(String export) {
        if (parent == null) {
            return export;
        }
        String p = parent.clientPath(export);
        return (p.endsWith("/") ? p : p + "/") + name;
    }
}
