package org.kdumpreceiver.nfs;

import java.nio.file.Path;
import org.kdumpreceiver.format.Makedumpfile;
import org.kdumpreceiver.format.SyntheticVmcore;

/** The two dumps the NFS tests send, made by the real makedumpfile from a small synthetic vmcore. */
record TestDumps(Path flattened, Path compressed) {
    static TestDumps make(Path dir) throws Exception {
        Path vmcore = dir.resolve("vmcore");
        SyntheticVmcore.small().write(vmcore);
        Path flat = dir.resolve("dump.flat");
        Makedumpfile.flattened(vmcore, flat);
        Path compressed = dir.resolve("dump.kdump");
        Makedumpfile.compressed(vmcore, compressed);
        return new TestDumps(flat, compressed);
    }
}
