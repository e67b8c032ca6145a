package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Await;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.HostView;
import org.kdumpreceiver.ingest.SealedStoreFixture;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.Manifest;

/**
 * One host's calls while its files' WRITEs are queued: the write worker runs without the host's lock, so a
 * WRITE waiting for room in its queue must not hold up the host's other calls, and a RENAME must carry
 * along the overlay segment the worker opens.
 */
class HostExportConcurrencyTest {
    private static final String ADDRESS = "10.0.2.17";
    private final HostIdentity host = new HostIdentity("web-17");
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private SealedStoreFixture store;
    private Exports exports;
    private HostExport export;
    private Dir dir;

    @BeforeEach
    void setUp(@TempDir Path tmp) throws Exception {
        store = new SealedStoreFixture(tmp);
        exports = NfsFixture.exports(store);
        export = exports.of(host);
        dir = export.mkdir(export.root, ADDRESS + "-202611221400", null, ADDRESS);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        exports.closeAll(VerdictReason.RECEIVER_STOPPED);
        store.ingest.closeViews();
    }

    @Test
    void aWriteWaitingForRoomDoesNotHoldUpTheHostsOtherCalls() throws Exception {
        NfsFile f = export.create(dir, "dump-incomplete", CreateMode.UNCHECKED, null, null, null, ADDRESS);
        HostView view = store.ingest.view(host);
        AtomicReference<Thread> writerThread = new AtomicReference<>();
        Future<?> writer;
        // The worker ends the pass-through segment through the host view: holding the view's lock stalls it
        // there, with the next WRITEs queued behind it, as a slow disk would.
        synchronized (view) {
            export.write(f, 0, flattenedHeader());
            export.write(f, 1L << 30, new byte[(1 << 20) + 1]);  // beyond the reorder window: sequence broken
            writer = pool.submit(() -> {
                writerThread.set(Thread.currentThread());
                for (int i = 1; i <= 4; i++) {
                    export.write(f, 4096L * i, new byte[1 << 20]);
                }
                return null;
            });
            Await.until(Duration.ofSeconds(60), "the writer waiting for room in the file's queue",
                    () -> waitingInQueue(writerThread.get()));

            Future<List<Node>> other = pool.submit(() -> export.list(dir));
            assertEquals(List.of(f), other.get(30, TimeUnit.SECONDS), "the host's other calls go on");
            Future<Node> lookup = pool.submit(() -> export.lookup(dir, "dump-incomplete"));
            assertEquals(f, lookup.get(30, TimeUnit.SECONDS));
        }
        writer.get(60, TimeUnit.SECONDS);
        export.rename(dir, "dump-incomplete", dir, "dump");
        Manifest m = store.ingest.view(host).bound(dir.clientPath("/var/crash")).orElseThrow().manifest();
        assertEquals("nfs-out-of-sequence", m.file("dump").reason(), "the pass-through part, cut");
        assertTrue(m.file("dump.overlay").sealed(), "the write log of the rest, sealed at the rename");
        assertEquals(4L * (1 << 20) + (1 << 20) + 1 + 5 * 16 + WriteLog.FLAT_HEADER + 16,
                m.file("dump.overlay").bytesIn(), "every queued WRITE is in it: header, five records, end marker");
    }

    @Test
    void aRenameCarriesAlongTheOverlayTheWorkerOpens() throws Exception {
        for (int i = 0; i < 20; i++) {
            String name = "dump" + i;
            NfsFile f = export.create(dir, name + "-incomplete", CreateMode.UNCHECKED, null, null, null, ADDRESS);
            export.write(f, 0, flattenedHeader());
            export.write(f, 1L << 30, new byte[(1 << 20) + 1]);
            export.rename(dir, name + "-incomplete", dir, name);  // races the worker opening the overlay
            Manifest m = store.ingest.view(host).bound(dir.clientPath("/var/crash")).orElseThrow().manifest();
            assertNotNull(m.file(name), name);
            assertNotNull(m.file(name + ".overlay"), name + ".overlay");
            assertNull(m.file(name + "-incomplete.overlay"), "no segment keeps the old name");
            assertEquals(List.of(), m.files().stream().filter(s -> !s.sealed()).toList(), "all sealed");
        }
    }

    private static boolean waitingInQueue(Thread t) {
        return t != null && t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace())
                .anyMatch(e -> e.getClassName().endsWith("WriteQueue") && e.getMethodName().equals("submit"));
    }

    /** The first 4096 bytes of a makedumpfile flattened stream: the write log passes such a file through. */
    private static byte[] flattenedHeader() {
        byte[] header = new byte[WriteLog.FLAT_HEADER];
        byte[] magic = "makedumpfile".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 0, magic.length);
        header[23] = 1;  // type 1, int64 big-endian
        header[31] = 1;  // version 1
        return header;
    }
}
