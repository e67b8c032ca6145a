package org.kdumpreceiver.ingest;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.kdumpreceiver.crypto.Recipient;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.SealingPolicy;

/** A process the crash test kills with SIGKILL while it ingests its standard input. */
public final class IngestVictim {
    public static void main(String[] args) throws Exception {
        Ingest ingest = new Ingest(new DumpStore(Path.of(args[0]), Clock.systemUTC()),
                new SealingPolicy(List.of(Recipient.parse(args[1])), 3, 0, 0));
        IngestSession session = ingest.open(new HostIdentity("victim"), "test", "192.0.2.9", "/var/crash/x");
        FileSink sink = session.openFile("dump-incomplete");
        System.out.println("opened " + session.dumpId());
        System.out.flush();
        byte[] buf = new byte[4096];
        InputStream in = System.in;
        for (int n; (n = in.read(buf)) > 0; ) {
            sink.write(buf, 0, n);
        }
        sink.complete();
        System.out.println("completed");
    }
}
