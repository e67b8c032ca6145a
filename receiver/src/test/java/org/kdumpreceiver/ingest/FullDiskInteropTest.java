package org.kdumpreceiver.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.SmallTmpfs;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.store.Sha256;
import org.kdumpreceiver.store.StoreException;
import org.kdumpreceiver.store.StoredFile;

/**
 * A real full file system: a 4 MiB tmpfs mounted for the test (needs root, as ./run-tests runs).
 * The file that fills it is kept and marked; dumps stored before are untouched.
 */
class FullDiskInteropTest {
    @TempDir
    Path tmp;

    Path mount;

    @BeforeEach
    void mountSmallTmpfs() {
        mount = SmallTmpfs.mount(tmp.resolve("small"));
    }

    @AfterEach
    void unmount() {
        SmallTmpfs.unmount(mount);
    }

    @Test
    void fillingTheDiskKeepsWhatArrivedAndSaysSo() throws Exception {
        SealedStoreFixture store = new SealedStoreFixture(mount.resolve("dumps"), tmp.resolve("id.txt"), 0, 1 << 20);
        byte[] earlier = TestData.random(200_000, 20);
        Path earlierFile;
        try (IngestSession session = store.open("web-17")) {
            FileSink sink = session.openFile("dmesg.1");
            sink.write(earlier, 0, earlier.length);
            earlierFile = store.root.resolve(session.dumpId()).resolve(sink.complete().storedName());
        }
        String earlierSha = Sha256.of(earlierFile);

        byte[] payload = TestData.random(8 << 20, 21);
        try (IngestSession session = store.open("db-1")) {
            FileSink sink = session.openFile("dump-incomplete");
            StoreException full = assertThrows(StoreException.class, () -> {
                for (int off = 0; off < payload.length; off += 65536) {
                    sink.write(payload, off, 65536);
                }
                sink.complete();
            });
            assertEquals(RejectReason.STORAGE_FULL, full.reason());
            assertTrue(full.getMessage().contains("storage is full"), full.getMessage());
            assertTrue(full.getMessage().contains("kept as truncated"), full.getMessage());

            StoredFile file = session.manifest().file("dump-incomplete");
            assertEquals("sealed", file.state());
            assertEquals("truncated", file.verdict());
            assertEquals("storage-full", file.reason());
            Path stored = store.root.resolve(session.dumpId()).resolve(file.storedName());
            assertEquals(Files.size(stored), file.bytesStored());
            assertEquals(Sha256.of(stored), file.sha256Stored());
            Programs.Result partial = store.openWithAgeCli(stored);
            assertTrue(partial.stdout().length > (1 << 20), "kept only " + partial.stdout().length + " bytes");
            assertArrayEquals(Arrays.copyOf(payload, partial.stdout().length), partial.stdout());
            assertTrue(store.events.stream().anyMatch(e -> e instanceof IngestEvent.FileFailed f
                    && f.reason().equals("storage-full")));

            // Below storage.min_free a new file is refused up front with the same clear reason.
            StoreException refused = assertThrows(StoreException.class, () -> session.openFile("dmesg.2"));
            assertEquals(RejectReason.STORAGE_FULL, refused.reason());
        }
        assertEquals(earlierSha, Sha256.of(earlierFile));
        assertArrayEquals(earlier, store.openWithAgeCli(earlierFile).stdout());
    }
}
