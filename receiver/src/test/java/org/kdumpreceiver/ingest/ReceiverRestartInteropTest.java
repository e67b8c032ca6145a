package org.kdumpreceiver.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.ManifestCodec;
import org.kdumpreceiver.store.Sha256;
import org.kdumpreceiver.store.StoreRecovery;
import org.kdumpreceiver.store.StoredFile;

/** kill -9 in the middle of a write: the bytes on disk are kept, marked, and nothing else is harmed. */
class ReceiverRestartInteropTest {
    @TempDir
    Path tmp;

    @Test
    void killedMidWriteKeepsThePartialFileAndMarksItAtRestart() throws Exception {
        SealedStoreFixture store = new SealedStoreFixture(tmp);
        byte[] earlier = TestData.random(300_000, 10);
        Path earlierFile;
        String earlierSha;
        try (IngestSession session = store.open("web-17")) {
            FileSink sink = session.openFile("dump.202611221400");
            sink.write(earlier, 0, earlier.length);
            StoredFile f = sink.complete();
            earlierFile = store.root.resolve(session.dumpId()).resolve(f.storedName());
            earlierSha = Sha256.of(earlierFile);
        }

        byte[] payload = TestData.random(16 << 20, 11);
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), IngestVictim.class.getName(),
                store.root.toString(), store.identity.recipient().encoded())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8));
        String opened = out.readLine();
        assertTrue(opened != null && opened.startsWith("opened "), "victim did not start: " + opened);
        String dumpId = opened.substring("opened ".length());
        Path dir = store.root.resolve(dumpId);
        Path part = dir.resolve(".incoming-0.part");

        OutputStream stdin = victim.getOutputStream();
        int sent = 0;
        while (Files.size(part) < (2 << 20)) {
            assertTrue(sent < payload.length, "the victim stored too little of what it was sent");
            stdin.write(payload, sent, 1 << 20);
            stdin.flush();
            sent += 1 << 20;
            Thread.sleep(50);  // paces the writer so the kill lands mid-file; the loop awaits the size itself
        }
        victim.destroyForcibly();  // SIGKILL: no shutdown hook, no finally blocks
        assertTrue(victim.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, victim.exitValue());

        Manifest before = ManifestCodec.read(dir.resolve(DumpStore.MANIFEST));
        assertEquals(StoredFile.RECEIVING, before.file("dump-incomplete").state());
        long partSize = Files.size(part);

        List<StoreRecovery.Recovered> recovered = store.ingest.recover();
        assertEquals(1, recovered.size());
        assertTrue(store.events.stream().anyMatch(e -> e instanceof IngestEvent.FileRecovered));
        assertFalse(Files.exists(part));
        Manifest after = ManifestCodec.read(dir.resolve(DumpStore.MANIFEST));
        StoredFile file = after.file("dump-incomplete");
        assertEquals("sealed", file.state());
        assertEquals("truncated", file.verdict());
        assertEquals("receiver-restart", file.reason());
        assertEquals("dump-incomplete.zst.age", file.storedName());
        assertEquals(partSize, file.bytesStored());
        assertEquals(Sha256.of(dir.resolve(file.storedName())), file.sha256Stored());
        assertNull(file.bytesIn(), "what arrived in plaintext is unknown after a kill");

        // The real age and zstd give back a prefix of what was sent, and say the stream was cut.
        Programs.Result partial = store.openWithAgeCli(dir.resolve(file.storedName()));
        assertNotEquals(0, partial.exit());
        assertTrue(partial.stdout().length > (1 << 20), "recovered only " + partial.stdout().length + " bytes");
        assertArrayEquals(Arrays.copyOf(payload, partial.stdout().length), partial.stdout());

        // Nothing stored before was touched; a second recovery finds nothing to do.
        assertEquals(earlierSha, Sha256.of(earlierFile));
        assertArrayEquals(earlier, store.openWithAgeCli(earlierFile).stdout());
        assertEquals(0, store.ingest.recover().size());
    }
}
