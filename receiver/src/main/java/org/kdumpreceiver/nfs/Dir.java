package org.kdumpreceiver.nfs;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.kdumpreceiver.ingest.IngestSession;

/** A client directory; it becomes a dump record when the first file is created in it. */
final class Dir extends Node {
    final Map<String, Node> children = new TreeMap<>();
    IngestSession dump;
    Instant dumpUsed;

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
