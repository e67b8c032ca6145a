package org.kdumpreceiver.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * {@code makedumpfile -R output < flattened} in Java: each record's payload is written at its offset
 * (so gaps stay sparse and the last write wins), and the output is accepted only if the stream ends
 * with the end marker. Unlike makedumpfile, which waits 600 s for more input, a cut stream fails at
 * once and leaves no partial file behind.
 */
public final class FlattenedRebuild {
    private static final int CHUNK = 1 << 20;

    private FlattenedRebuild() {
    }

    /**
     * @return the size of the rebuilt file
     * @throws TruncatedDumpException if the stream has a bad signature or record, or no end marker
     * @throws java.nio.file.FileAlreadyExistsException if {@code output} exists (makedumpfile uses O_EXCL)
     */
    public static long rebuild(InputStream flattened, Path output) throws IOException {
        FileAttribute<?>[] attrs = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];
        // Opened outside the try: if the output already exists it is not ours to delete.
        FileChannel out = FileChannel.open(output, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs);
        boolean ok = false;
        try (out) {
            long size = copyRecords(flattened, out);
            ok = true;
            return size;
        } finally {
            if (!ok) {
                Files.deleteIfExists(output);
            }
        }
    }

    private static long copyRecords(InputStream in, FileChannel out) throws IOException {
        byte[] header = new byte[FlatRecord.FLAT_HEADER_BYTES];
        if (in.readNBytes(header, 0, header.length) < header.length) {
            throw new TruncatedDumpException("flattened dump is truncated inside its 4096-byte header; refusing to rebuild");
        }
        if (!FlatRecord.validFlatHeader(header)) {
            throw new TruncatedDumpException("not a flattened dump: bad signature or type; refusing to rebuild");
        }
        byte[] recordHeader = new byte[FlatRecord.HEADER_BYTES];
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long records = 0;
        long consumed = header.length;
        long size = 0;
        while (true) {
            int got = in.readNBytes(recordHeader, 0, recordHeader.length);
            consumed += got;
            if (got < recordHeader.length) {
                throw truncated(records, consumed);
            }
            FlatRecord r = FlatRecord.read(recordHeader, 0);
            switch (r.classify(records == 0)) {
                case END -> {
                    return size;
                }
                case BAD -> throw new TruncatedDumpException("flattened dump has a bad record (offset " + r.offset()
                    + ", size " + r.size() + ") after " + records + " records (" + consumed
                    + " bytes); refusing to rebuild");
                case DATA -> {
                    records++;
                    long left = r.size();
                    long at = r.offset();
                    while (left > 0) {
                        int want = (int) Math.min(left, CHUNK);
                        int n = in.readNBytes(buf.array(), 0, want);
                        consumed += n;
                        buf.clear().limit(n);
                        while (buf.hasRemaining()) {
                            at += out.write(buf, at);
                        }
                        if (n < want) {
                            throw truncated(records, consumed);
                        }
                        left -= n;
                    }
                    if (r.size() > 0) {
                        size = Math.max(size, r.offset() + r.size());
                    }
                }
            }
        }
    }

    private static TruncatedDumpException truncated(long records, long bytes) {
        return new TruncatedDumpException("flattened dump is truncated: no end marker after " + records
            + " records (" + bytes + " bytes); refusing to rebuild");
    }
}
