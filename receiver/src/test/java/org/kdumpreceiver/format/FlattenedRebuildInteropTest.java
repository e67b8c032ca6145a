package org.kdumpreceiver.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FlattenedRebuild against {@code makedumpfile -R}, byte for byte. */
class FlattenedRebuildInteropTest {
    private final Dumps dumps = Dumps.get();
    @TempDir
    Path tmp;

    private void assertSameAsMakedumpfile(Path flattened) throws IOException {
        Path ours = tmp.resolve("ours");
        Path theirs = tmp.resolve("theirs");
        long size;
        try (InputStream in = Files.newInputStream(flattened)) {
            size = FlattenedRebuild.rebuild(in, ours);
        }
        Makedumpfile.rearrange(flattened, theirs);
        assertEquals(Files.size(theirs), size);
        assertEquals(-1L, Files.mismatch(ours, theirs), "first differing byte");
    }

    @Test
    void kdumpCompressedMatches() throws IOException {
        assertSameAsMakedumpfile(dumps.flattened);
    }

    @Test
    void elfMatches() throws IOException {
        assertSameAsMakedumpfile(dumps.elfFlattened);
    }

    @Test
    void realSharedDumpMatches() throws IOException {
        Path real = SharedData.file("debian12-sysrq-crash.flattened");
        assumeTrue(real != null, "shared data absent");
        assertSameAsMakedumpfile(real);
    }

    @Test
    void refusesTruncatedStream() throws IOException {
        byte[] f = Files.readAllBytes(dumps.flattened);
        for (int cut : new int[] {100, 4096 + 8, f.length / 2, f.length - 16}) {
            Path out = tmp.resolve("cut-" + cut);
            TruncatedDumpException e = assertThrows(TruncatedDumpException.class,
                () -> FlattenedRebuild.rebuild(new ByteArrayInputStream(f, 0, cut), out));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            assertFalse(Files.exists(out), "partial output deleted");
        }
        Path out = tmp.resolve("end-missing");
        TruncatedDumpException e = assertThrows(TruncatedDumpException.class,
            () -> FlattenedRebuild.rebuild(new ByteArrayInputStream(f, 0, f.length - 16), out));
        assertTrue(e.getMessage().matches("flattened dump is truncated: no end marker after \\d+ records \\(\\d+ bytes\\); refusing to rebuild"),
            e.getMessage());
    }

    @Test
    void refusesBadSignatureAndExistingOutput() throws IOException {
        byte[] f = Files.readAllBytes(dumps.flattened);
        byte[] bad = Arrays.copyOf(f, f.length);
        bad[0] = 'M';
        Path out = tmp.resolve("bad");
        assertThrows(TruncatedDumpException.class, () -> FlattenedRebuild.rebuild(new ByteArrayInputStream(bad), out));
        assertFalse(Files.exists(out));
        Path existing = Files.writeString(tmp.resolve("existing"), "keep");
        assertThrows(FileAlreadyExistsException.class, () -> FlattenedRebuild.rebuild(new ByteArrayInputStream(f), existing));
        assertEquals("keep", Files.readString(existing));
    }
}
