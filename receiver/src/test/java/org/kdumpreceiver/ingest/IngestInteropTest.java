package org.kdumpreceiver.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.ManifestCodec;
import org.kdumpreceiver.store.StoreException;
import org.kdumpreceiver.store.StoredFile;

/** The ingest core end to end, checked with the real age and zstd binaries. */
class IngestInteropTest {
    @TempDir
    Path tmp;

    @Test
    void storedFileOpensWithRealAgeAndZstdAndManifestSaysWhatHappened() throws Exception {
        SealedStoreFixture store = new SealedStoreFixture(tmp);
        byte[] dmesg = TestData.dmesgText();
        byte[] payload = TestData.random(3 * 1024 * 1024 + 17, 1);
        StoredFile text;
        StoredFile data;
        Path dir;
        try (IngestSession session = store.open("web-17")) {
            dir = store.root.resolve(session.dumpId());
            FileSink sink = session.openFile("dmesg.202611221400");
            sink.write(dmesg, 0, dmesg.length);
            text = sink.complete();
            FileSink big = session.openFile("dump-incomplete");
            for (int off = 0; off < payload.length; off += 7000) {
                big.write(payload, off, Math.min(7000, payload.length - off));
            }
            data = big.complete();
        }
        assertEquals("dmesg.202611221400.zst.age", text.storedName());
        assertEquals("complete", text.verdict());
        assertEquals("text", text.format());
        assertEquals("unknown", data.verdict());
        assertEquals(payload.length, data.bytesIn());
        assertEquals(sha256(payload), data.sha256());

        Programs.Result opened = store.openWithAgeCli(dir.resolve(data.storedName()));
        assertEquals(0, opened.exit(), opened.stderr());
        assertArrayEquals(payload, opened.stdout());
        assertArrayEquals(dmesg, store.openWithAgeCli(dir.resolve(text.storedName())).stdout());

        JsonNode manifest = ManifestCodec.json().readTree(dir.resolve(DumpStore.MANIFEST).toFile());
        assertEquals("web-17", manifest.get("host").asText());
        assertEquals("192.0.2.7", manifest.get("client_address").asText());
        assertEquals("test", manifest.get("protocol").asText());
        assertEquals("/var/crash/192.0.2.7-202611221400", manifest.get("client_paths").get("directory").asText());
        assertEquals("/var/crash/192.0.2.7-202611221400/dump-incomplete",
                manifest.get("client_paths").get("files").get(1).asText());
        JsonNode file = manifest.get("files").get(1);
        for (String field : List.of("stored_name", "bytes_in", "bytes_stored", "sha256", "sha256_stored", "format",
                "verdict", "reason", "compression", "recipients", "started_at", "finished_at", "bytes_per_second")) {
            assertTrue(file.has(field), "manifest file entry lacks " + field + ": " + file);
        }
        assertEquals(Files.size(dir.resolve(data.storedName())), file.get("bytes_stored").asLong());
        assertEquals(org.kdumpreceiver.store.Sha256.of(dir.resolve(data.storedName())),
                file.get("sha256_stored").asText());
        assertEquals(store.identity.recipient().encoded(), file.get("recipients").get(0).asText());
        assertEquals("zstd:3", file.get("compression").asText());
        assertTrue(file.get("bytes_per_second").asLong() > 0);
        assertFalse(Files.exists(dir.resolve(".reserve")), "the space reserve is released when the dump closes");
        try (var names = Files.list(dir)) {
            assertTrue(names.noneMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
    }

    @Test
    void clientRenameRenamesTheStoredFileAndIsRecorded() throws Exception {
        SealedStoreFixture store = new SealedStoreFixture(tmp);
        byte[] payload = TestData.random(100_000, 2);
        try (IngestSession session = store.open("db-1")) {
            Path dir = store.root.resolve(session.dumpId());
            FileSink sink = session.openFile("dump-incomplete");
            sink.write(payload, 0, payload.length);
            sink.complete();
            StoredFile renamed = session.rename("dump-incomplete", "dump.202611221400");
            assertEquals("dump.202611221400.zst.age", renamed.storedName());
            assertFalse(Files.exists(dir.resolve("dump-incomplete.zst.age")));
            assertArrayEquals(payload, store.openWithAgeCli(dir.resolve(renamed.storedName())).stdout());
            StoredFile.Rename rename = session.manifest().file("dump.202611221400").renames().get(0);
            assertEquals("dump-incomplete", rename.from());
            assertEquals("dump.202611221400", rename.to());
            assertEquals("/var/crash/192.0.2.7-202611221400/dump.202611221400",
                    session.manifest().clientPaths().files().get(0));

            // A rename while the file is still arriving: it is sealed under the new name.
            FileSink second = session.openFile("vmcore-incomplete");
            second.write(payload, 0, 10);
            session.rename("vmcore-incomplete", "vmcore");
            second.write(payload, 10, 90);
            assertEquals("vmcore.zst.age", second.complete().storedName());
            assertTrue(Files.exists(dir.resolve("vmcore.zst.age")));
        }
        assertTrue(store.events.stream().anyMatch(e -> e instanceof IngestEvent.FileRenamed));
    }

    @Test
    void refusesToOverwriteAFinishedFileOrEscapeTheDirectory() throws Exception {
        SealedStoreFixture store = new SealedStoreFixture(tmp);
        try (IngestSession session = store.open("web-17")) {
            FileSink sink = session.openFile("dump.1");
            sink.write(new byte[] {1, 2, 3}, 0, 3);
            sink.complete();
            StoreException overwrite = assertThrows(StoreException.class, () -> session.openFile("dump.1"));
            assertTrue(overwrite.getMessage().contains("refusing to overwrite finished file 'dump.1'"),
                    overwrite.getMessage());
            FileSink other = session.openFile("dump.2");
            other.complete();
            StoreException replace = assertThrows(StoreException.class, () -> session.rename("dump.2", "dump.1"));
            assertEquals(RejectReason.FINISHED_FILE, replace.reason());
            for (String bad : List.of("../escape", "a/b", "..", ".", "")) {
                StoreException e = assertThrows(StoreException.class, () -> session.openFile(bad), bad);
                assertEquals(RejectReason.BAD_NAME, e.reason(), bad);
            }
            assertThrows(StoreException.class, () -> session.rename("no-such-file", "x"));
        }
        assertThrows(IllegalArgumentException.class, () -> store.open("../etc"));
        assertThrows(IllegalArgumentException.class, () -> store.open("a/b"));
    }

    @Test
    void abortedTransferKeepsItsBytesAndIsMarkedTruncated() throws Exception {
        SealedStoreFixture store = new SealedStoreFixture(tmp);
        byte[] payload = TestData.random(200_000, 3);
        try (IngestSession session = store.open("web-17")) {
            FileSink sink = session.openFile("dump-incomplete");
            sink.write(payload, 0, payload.length);
            StoredFile file = sink.abort(VerdictReason.CONNECTION_LOST);
            assertEquals("truncated", file.verdict());
            assertEquals("connection-lost", file.reason());
            Programs.Result opened = store.openWithAgeCli(store.root.resolve(session.dumpId()).resolve(file.storedName()));
            assertArrayEquals(payload, opened.stdout());
        }
        IngestEvent.FileFinished finished = store.events.stream()
                .filter(e -> e instanceof IngestEvent.FileFinished).map(e -> (IngestEvent.FileFinished) e)
                .findFirst().orElseThrow();
        assertTrue(finished.aborted());
        assertEquals("truncated", finished.verdict());
    }

    @Test
    void emptyFileIsTruncatedAndStillOpens() throws Exception {
        SealedStoreFixture store = new SealedStoreFixture(tmp);
        try (IngestSession session = store.open("web-17")) {
            StoredFile file = session.openFile("dump.202611221400").complete();
            assertEquals("truncated", file.verdict());
            assertEquals("empty", file.reason());
            Programs.Result opened = store.openWithAgeCli(store.root.resolve(session.dumpId()).resolve(file.storedName()));
            assertEquals(0, opened.exit(), opened.stderr());
            assertEquals(0, opened.stdout().length);
        }
    }

    @Test
    void twoDumpsInOneSecondGetDistinctDirectories() throws Exception {
        SealedStoreFixture store = new SealedStoreFixture(tmp);
        java.time.Instant t = java.time.Instant.parse("2026-11-22T14:05:01Z");
        org.kdumpreceiver.store.HostIdentity host = new org.kdumpreceiver.store.HostIdentity("web-17");
        try (IngestSession a = store.ingest.open(host, "test", null, "/a", t);
                IngestSession b = store.ingest.open(host, "test", null, "/b", t)) {
            assertEquals("web-17/20261122T140501Z", a.dumpId());
            assertEquals("web-17/20261122T140501Z-1", b.dumpId());
            assertNotEquals(a.dumpId(), b.dumpId());
        }
    }

    @Test
    void fileLargerThanTheLimitIsCutKeptAndMarked() throws Exception {
        SealedStoreFixture store = new SealedStoreFixture(tmp.resolve("root"), tmp.resolve("id.txt"), 1000, 0);
        byte[] payload = TestData.random(5000, 4);
        try (IngestSession session = store.open("web-17")) {
            FileSink sink = session.openFile("dump");
            StoreException e = assertThrows(StoreException.class, () -> sink.write(payload, 0, payload.length));
            assertEquals(RejectReason.FILE_TOO_LARGE, e.reason());
            StoredFile file = session.manifest().file("dump");
            assertEquals("truncated", file.verdict());
            assertEquals("file-too-large", file.reason());
            assertEquals(1000, file.bytesIn());
            assertEquals(sha256(java.util.Arrays.copyOf(payload, 1000)), file.sha256());
            assertArrayEquals(java.util.Arrays.copyOf(payload, 1000),
                    store.openWithAgeCli(store.root.resolve(session.dumpId()).resolve(file.storedName())).stdout());
            assertEquals(file, sink.abort(VerdictReason.CONNECTION_LOST), "a later abort reports the same recorded file");
        }
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
