package org.kdumpreceiver.ingest;

import java.time.Duration;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.store.DumpRecord;
import org.kdumpreceiver.store.SealedFileWriter;
import org.kdumpreceiver.store.StoreException;
import org.kdumpreceiver.store.StoredFile;

/**
 * A file arriving sequentially. {@link #complete()} returns only once the sealed file and the manifest
 * are durable, so a front end may report success to the client right after it. When the store fails
 * (disk full) the call throws, and what arrived is already kept and recorded as truncated.
 */
public final class FileSink {
    private final Ingest ingest;
    private final DumpRecord record;
    private final String clientName;
    private final SealedFileWriter writer;
    private boolean reported;

    FileSink(Ingest ingest, DumpRecord record, String clientName, SealedFileWriter writer) {
        this.ingest = ingest;
        this.record = record;
        this.clientName = clientName;
        this.writer = writer;
    }

    public long bytesIn() {
        return writer.bytesIn();
    }

    public void write(byte[] b, int off, int len) throws StoreException {
        try {
            writer.write(b, off, len);
        } catch (StoreException e) {
            failed(e);
            throw e;
        }
        ingest.emit(new IngestEvent.BytesReceived(record.id(), record.host(), record.protocol(), len));
    }

    public StoredFile complete() throws StoreException {
        try {
            return report(writer.complete(), false);
        } catch (StoreException e) {
            failed(e);
            throw e;
        }
    }

    /** The transfer broke off: keep what arrived, mark it truncated with {@code reason}. */
    public StoredFile abort(VerdictReason reason) throws StoreException {
        try {
            return report(writer.abort(reason), true);
        } catch (StoreException e) {
            failed(e);
            throw e;
        }
    }

    private void failed(StoreException e) {
        if (reported) {
            return;
        }
        ingest.emit(new IngestEvent.FileFailed(record.id(), record.host(), record.protocol(), clientName,
                writer.bytesIn(), e.reason().token(), e.getMessage()));
        report(writer.result(), true);
    }

    private StoredFile report(StoredFile file, boolean aborted) {
        if (file == null || reported) {
            return file;
        }
        reported = true;
        ingest.emit(new IngestEvent.FileFinished(record.id(), record.host(), record.protocol(), file.clientName(),
                file.storedName(), file.bytesIn() == null ? 0 : file.bytesIn(), file.bytesStored(), file.format(),
                file.verdict(), file.reason(), Duration.between(writer.started(), ingest.clock().instant()), aborted));
        return file;
    }
}
