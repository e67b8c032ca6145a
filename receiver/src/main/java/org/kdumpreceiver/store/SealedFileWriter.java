package org.kdumpreceiver.store;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import org.kdumpreceiver.crypto.Sealer;
import org.kdumpreceiver.format.FormatProbe;
import org.kdumpreceiver.format.FormatVerdict;
import org.kdumpreceiver.format.Verdict;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.RejectReason;

/**
 * The one-pass byte path of a stored file: plaintext is hashed and shown to the format probe, then
 * zstd-compressed, age-sealed, hashed again and written to a part file, which is fsynced and
 * renamed to its final name when the file ends. No plaintext touches the disk.
 *
 * <p>Two threads per file: the caller's thread hashes, probes and compresses; a {@link SealingHandoff}
 * carries zstd's output (at most 512 KiB of it at a time) to a second thread that seals, hashes and
 * writes it. Every outcome is still decided on the caller's thread: {@link #complete()} returns only
 * once the sealing thread has finished and the file is durable, and a failure of the sealing thread
 * (full disk) is thrown by the next {@link #write}, {@link #complete()} or {@link #abort}.
 *
 * <p>Not thread-safe: one front-end thread writes one file.
 */
public final class SealedFileWriter {
    private final DumpRecord record;
    private final String partName;
    private final Path part;
    private final FileChannel channel;
    private final HashingChannelOutput stored;
    private final SealingHandoff handoff;
    private final OutputStream compressor;
    private final MessageDigest plainDigest = Sha256.newDigest();
    private final FormatProbe probe = new FormatProbe();
    private final long maxBytes;
    private final Instant started;
    private long bytesIn;
    private StoredFile result;
    private StoreException failure;

    SealedFileWriter(DumpRecord record, String partName, Path part, SealingPolicy policy, Instant started)
            throws IOException {
        this.record = record;
        this.partName = partName;
        this.part = part;
        this.maxBytes = policy.maxFileBytes();
        this.started = started;
        this.channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            this.stored = new HashingChannelOutput(channel);
            OutputStream sealer = Sealer.seal(new EarlyWriteback(stored, channel), policy.recipients());
            this.handoff = new SealingHandoff(sealer, "seal " + part.getParent().getFileName() + "/" + partName);
            ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(handoff, policy.zstdLevel());
            zstd.setChecksum(true);
            this.compressor = zstd;
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(part);
            throw e;
        }
    }

    public Instant started() {
        return started;
    }

    public long bytesIn() {
        return bytesIn;
    }

    /** The sealed file's manifest entry once the file has ended, however it ended; else null. */
    public StoredFile result() {
        return result;
    }

    public void write(byte[] b, int off, int len) throws StoreException {
        if (result != null || failure != null) {
            throw failure != null ? failure : new StoreException(RejectReason.CLOSED, "file already closed");
        }
        if (maxBytes > 0 && bytesIn + len > maxBytes) {
            // The disk is fine, so the first maxBytes are sealed properly rather than cut.
            accept(b, off, (int) (maxBytes - bytesIn));
            StoredFile kept = finish(StorageFailure.TOO_LARGE.cut());
            failure = StorageFailure.TOO_LARGE.exception("file exceeds limits.max_file_size (" + maxBytes
                    + " bytes): '" + kept.clientName() + "' of dump " + record.id() + " kept as truncated after "
                    + bytesIn + " bytes", null);
            throw failure;
        }
        accept(b, off, len);
    }

    private void accept(byte[] b, int off, int len) throws StoreException {
        if (len <= 0) {
            return;
        }
        try {
            handoff.checkFailed();
            compressor.write(b, off, len);
        } catch (IOException e) {
            throw fail(StorageFailure.classify(part.getParent(), "cannot store file", e));
        }
        plainDigest.update(b, off, len);
        probe.update(b, off, len);
        bytesIn += len;
    }

    /** The client says the file is finished: seal it and report the verdict the content earns. */
    public StoredFile complete() throws StoreException {
        return finish(null);
    }

    /**
     * The transfer broke off (connection lost, client gave up): keep what arrived, sealed, and mark
     * the file truncated with {@code reason}.
     */
    public StoredFile abort(VerdictReason reason) throws StoreException {
        if (failure != null) {
            return result;
        }
        return finish(reason);
    }

    private StoredFile finish(VerdictReason abortReason) throws StoreException {
        if (result != null) {
            return result;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            compressor.close();
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            throw fail(StorageFailure.classify(part.getParent(), "cannot store file", e));
        }
        FormatVerdict verdict = judge();
        String label = abortReason == null ? verdict.verdict().label() : Verdict.TRUNCATED.label();
        VerdictReason reason = abortReason == null ? verdict.reason() : abortReason;
        Outcome outcome = new Outcome(bytesIn, stored.count(), Sha256.hex(plainDigest.digest()), stored.sha256(),
                verdict.format(), label, reason);
        try {
            result = record.seal(partName, outcome);
        } catch (IOException e) {
            StoreException classified = StorageFailure.classify(part.getParent(), "cannot publish file", e);
            failure = classified;
            throw classified;
        }
        return result;
    }

    /**
     * The store cannot go on with this file. What reached the disk is kept as it is (a sealed stream
     * without its final chunk: every whole chunk still opens) and recorded as truncated.
     */
    private StoreException fail(StoreException classified) {
        String clientName = record.entryByStoredName(partName).clientName();
        StorageFailure failed = classified.failure();
        StoreException error = failed.exception(classified.getMessage() + ": '" + clientName + "' of dump "
                + record.id() + " kept as truncated after " + bytesIn + " bytes", classified.getCause());
        failure = error;
        try {
            closeQuietly();
            long size = Files.size(part);
            Outcome outcome = new Outcome(bytesIn, size, null, Sha256.of(part), judge().format(),
                    Verdict.TRUNCATED.label(), failed.cut());
            result = record.seal(partName, outcome);
        } catch (IOException | RuntimeException e) {
            error.addSuppressed(e);
        }
        return error;
    }

    /** The content's verdict; a fault in the probe must not cost the client its dump. */
    private FormatVerdict judge() {
        try {
            return probe.finish();
        } catch (RuntimeException e) {
            probe.close();
            return new FormatVerdict("unknown", Verdict.UNKNOWN, VerdictReason.PROBE_FAILED);
        }
    }

    private void closeQuietly() throws IOException {
        handoff.cancel();  // the sealing thread no longer touches the file after this
        try {
            channel.force(true);
        } catch (IOException e) {
            // Nothing more can be made durable; what the kernel already has is what we keep.
        }
        channel.close();
        try {
            compressor.close();
        } catch (IOException e) {
            // Expected: the channel is closed so no byte lands after the hash; this only frees zstd's memory.
        }
    }

    /** Removes a part file that never got a manifest entry. */
    void discard() throws IOException {
        handoff.cancel();
        probe.close();
        channel.close();
        try {
            compressor.close();
        } catch (IOException e) {
            // Expected once the channel is closed; this only frees zstd's native memory.
        }
        Files.deleteIfExists(part);
        record.forget(partName);
    }
}
