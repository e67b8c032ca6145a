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

    /** The client's path of this node below the export, e.g. {@code /var/crash/10.0.2.15-202611221400}. */
    String clientPath(String export) {
        if (parent == null) {
            return export;
        }
        String p = parent.clientPath(export);
        return (p.endsWith("/") ? p : p + "/") + name;
    }
}
