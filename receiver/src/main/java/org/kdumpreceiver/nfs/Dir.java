package org.kdumpreceiver.nfs;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.kdumpreceiver.ingest.DumpBinding;

/**
 * A client directory; it is bound to a dump when the first file is created in it (the host view decides
 * which dump, and when the binding is released).
 */
final class Dir extends Node {
    final Map<String, Node> children = new TreeMap<>();
    DumpBinding dump;

    Dir(long id, HostExport owner, String name, Dir parent, int mode, Instant now) {
        super(id, owner, name, parent, mode, now);
    }

    @Override
    boolean isDirectory() {
        return true;
    }

    @Override
    int access() {
        return ACCESS_READ | ACCESS_LOOKUP | ACCESS_MODIFY | ACCESS_EXTEND | ACCESS_DELETE;
    }

    @Override
    long size() {
        return 4096;
    }
}
