package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.DumpBinding;
import org.kdumpreceiver.ingest.DumpFile;
import org.kdumpreceiver.ingest.RejectReason;

/**
 * A file the client writes: its write log into the store, the attributes the client sees, and a small
 * cache of recently written pages so the client can read back what it just wrote (the Linux client
 * reads a page before writing part of it when the file is open for reading, as makedumpfile's is).
 */
final class NfsFile extends Node {
    static final int PAGE = 4096;
    private static final int CACHED_PAGES = 256;
    private static final int MAX_INTERVALS = 100_000;
    static final String OVERLAY_SUFFIX = ".overlay";

    /**
     * The stored client names of this file's segments: the file itself, then an overlay if any. Guarded by
     * this object's own lock, not the host's: the overlay is opened on the write worker, which never takes the
     * host's lock; {@link #renameSegments} and {@link #setAside} take this lock too, so a RENAME cannot
     * interleave with the overlay's creation. Lock order: host, this file, host view.
     */
    private final List<String> storedNames = new ArrayList<>();
    final byte[] createVerifier;
    WriteLog log;
    private WriteQueue queue;
    boolean finished;
    long size;
    Instant lastWrite;
    private DumpBinding binding;
    private final Map<Long, byte[]> pages = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > CACHED_PAGES;
        }
    };
    /** Start to end of every range ever written (merged); null once there were too many to track. */
    private TreeMap<Long, Long> written = new TreeMap<>();

    NfsFile(long id, HostExport owner, String name, Dir parent, int mode, Instant now, byte[] createVerifier) {
        super(id, owner, name, parent, mode, now);
        this.createVerifier = createVerifier;
        this.lastWrite = now;
    }

    @Override
    boolean isDirectory() {
        return false;
    }

    /** A sealed file is no longer the client's to read or change. */
    @Override
    int access() {
        return finished ? 0 : ACCESS_READ | ACCESS_MODIFY | ACCESS_EXTEND | ACCESS_DELETE;
    }

    @Override
    long size() {
        return size;
    }

    /** Opens the stored file in {@code binding}; the write log opens an overlay segment only if needed. */
    void open(DumpBinding binding, long window) throws IOException {
        this.binding = binding;
        DumpFile first;
        synchronized (this) {
            first = binding.open(name);
            storedNames.add(name);
        }
        log = new WriteLog(new WriteLog.Segments() {
            @Override
            public WriteLog.Segment first() {
                return segment(first);
            }

            @Override
            public WriteLog.Segment overlay() throws IOException {
                return openOverlay();
            }
        }, window);
        queue = new WriteQueue(log);
    }

    /** On the write worker: the overlay is named after the file's name now; a RENAME waits for it. */
    private synchronized WriteLog.Segment openOverlay() throws IOException {
        String overlayName = name + OVERLAY_SUFFIX;
        DumpFile sink = binding.open(overlayName);
        storedNames.add(overlayName);
        return segment(sink);
    }

    /** Starts over as a new stored file under the same handle (the old one was set aside). */
    void reopen(DumpBinding binding, long window, Instant now) throws IOException {
        synchronized (this) {
            storedNames.clear();
        }
        finished = false;
        size = 0;
        lastWrite = now;
        mtime = now;
        pages.clear();
        written = new TreeMap<>();
        open(binding, window);
    }

    DumpBinding binding() {
        return binding;
    }

    /** The client renamed the file: every stored segment follows the new name. */
    synchronized void renameSegments(String to) throws IOException {
        for (int i = 0; i < storedNames.size(); i++) {
            String stored = storedNames.get(i);
            String renamed = to + stored.substring(name.length());
            binding.rename(stored, renamed);
            storedNames.set(i, renamed);
        }
        name = to;
    }

    /** Frees the client's name in the dump: each segment NAME... becomes NAME.~N~... (nothing is dropped). */
    synchronized void setAside() throws IOException {
        binding.setAside(name, List.copyOf(storedNames));
    }

    /** What the client sees of a WRITE at once (size, times, the read-back cache); call with the host's lock. */
    void wrote(long offset, byte[] data, Instant now) {
        size = Math.max(size, offset + data.length);
        mtime = now;
        ctime = now;
        lastWrite = now;
        cache(offset, data);
    }

    /**
     * Where this file's WRITEs are queued for the write log now (a new queue after the file starts over). Take
     * it with the host's lock; submitting may wait for room (back-pressure), so do that without the lock, or
     * every other call of that host would wait too.
     */
    WriteQueue queue() {
        return queue;
    }

    /** Seals the file: queued writes first, then the write log's end. */
    void finishLog() throws IOException {
        queue.close();
        queue.drain();
        log.finish();
    }

    /** Gives the file up as truncated with {@code reason}, keeping what was queued if it comes in time. */
    void abortLog(VerdictReason reason) throws IOException {
        queue.close();
        queue.drainQuietly(10_000);
        log.abort(reason);
    }

    /** Bytes [offset, offset+count) as the client wrote them; ranges never written are zeros. */
    byte[] read(long offset, int count) throws NfsRefused {
        long stop = Math.min(size, offset + count);
        if (stop <= offset) {
            return new byte[0];
        }
        byte[] out = new byte[(int) (stop - offset)];
        for (long page = offset / PAGE; page * PAGE < stop; page++) {
            long pageStart = page * PAGE;
            long from = Math.max(offset, pageStart);
            long to = Math.min(stop, pageStart + PAGE);
            byte[] cached = pages.get(page);
            if (cached != null) {
                System.arraycopy(cached, (int) (from - pageStart), out, (int) (from - offset), (int) (to - from));
            } else if (everWritten(pageStart, pageStart + PAGE)) {
                throw new NfsRefused(NfsError.IO, RejectReason.NOT_CACHED, "bytes " + from + ".." + to + " of '" + name
                        + "' were sealed already and are not kept for reading");
            }
        }
        return out;
    }

    private void cache(long offset, byte[] data) {
        long stop = offset + data.length;
        for (long page = offset / PAGE; page * PAGE < stop; page++) {
            long pageStart = page * PAGE;
            byte[] p = pages.get(page);
            if (p == null) {
                boolean whole = offset <= pageStart && stop >= pageStart + PAGE;
                if (!whole && everWritten(pageStart, pageStart + PAGE)) {
                    continue;  // written before and evicted: its other bytes are unknown now
                }
                p = new byte[PAGE];
                pages.put(page, p);
            }
            long from = Math.max(offset, pageStart);
            long to = Math.min(stop, pageStart + PAGE);
            System.arraycopy(data, (int) (from - offset), p, (int) (from - pageStart), (int) (to - from));
        }
        markWritten(offset, stop);
    }

    private boolean everWritten(long from, long to) {
        if (written == null) {
            return true;
        }
        Map.Entry<Long, Long> before = written.lowerEntry(to);
        return before != null && before.getValue() > from;
    }

    private void markWritten(long from, long to) {
        if (written == null) {
            return;
        }
        Map.Entry<Long, Long> left = written.floorEntry(from);
        if (left != null && left.getValue() >= from) {
            from = left.getKey();
            to = Math.max(to, left.getValue());
        }
        Map.Entry<Long, Long> next;
        while ((next = written.ceilingEntry(from)) != null && next.getKey() <= to) {
            to = Math.max(to, next.getValue());
            written.remove(next.getKey());
        }
        written.put(from, to);
        if (written.size() > MAX_INTERVALS) {
            written = null;
            pages.clear();
        }
    }

    void dropCache() {
        pages.clear();
        written = null;
    }

    boolean sameVerifier(byte[] verifier) {
        return createVerifier != null && Arrays.equals(createVerifier, verifier);
    }

    private static WriteLog.Segment segment(DumpFile sink) {
        return new WriteLog.Segment() {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sink.write(b, off, len);
            }

            @Override
            public void complete() throws IOException {
                sink.complete();
            }

            @Override
            public void abort(VerdictReason reason) throws IOException {
                sink.abort(reason);
            }
        };
    }
}
