package org.kdumpreceiver.ingest;

import java.io.IOException;
import org.kdumpreceiver.store.DumpRecord;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.SealedFileWriter;
import org.kdumpreceiver.store.StoredFile;

/** One dump directory of one host, as a front end sees it while the client sends files into it. */
public final class IngestSession implements AutoCloseable {
    private final Ingest ingest;
    private final DumpRecord record;

    IngestSession(Ingest ingest, DumpRecord record) {
        this.ingest = ingest;
        this.record = record;
    }

    public String dumpId() {
        return record.id();
    }

    public String host() {
        return record.host();
    }

    public Manifest manifest() {
        return record.manifest();
    }

    /** Starts a file the client calls {@code clientName}; refused if that name is already taken here. */
    public FileSink openFile(String clientName) throws IOException {
        SealedFileWriter writer = record.openFile(clientName, ingest.policy());
        ingest.emit(new IngestEvent.FileStarted(record.id(), record.host(), record.protocol(), clientName));
        return new FileSink(ingest, record, clientName, writer);
    }

    /** The client renamed a file within its directory. */
    public StoredFile rename(String from, String to) throws IOException {
        StoredFile renamed = record.rename(from, to);
        ingest.emit(new IngestEvent.FileRenamed(record.id(), record.host(), from, to));
        return renamed;
    }

    @Override
    public void close() throws IOException {
        record.close();
    }
}
