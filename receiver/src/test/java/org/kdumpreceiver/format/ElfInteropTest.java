package org.kdumpreceiver.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Verdicts on the synthetic ELF core and on makedumpfile's filtered ELF ({@code -E -d 31}). */
class ElfInteropTest {
    private final Dumps dumps = Dumps.get();

    @Test
    void completeCores() throws IOException {
        for (Path p : new Path[] {dumps.elf, dumps.elfFiltered}) {
            assertEquals(FormatVerdict.complete("elf"), Feed.verdict(Files.readAllBytes(p)), p.toString());
        }
    }

    @Test
    void truncatedCores() throws IOException {
        for (Path p : new Path[] {dumps.elf, dumps.elfFiltered}) {
            byte[] e = Files.readAllBytes(p);
            for (int cut : new int[] {40, 100, 2000, e.length / 2, e.length - 1}) {
                assertEquals(FormatVerdict.truncated("elf", VerdictReason.SHORT_OF_PT_LOAD_EXTENT),
                    Feed.verdict(Arrays.copyOf(e, cut)), p + " cut at " + cut);
            }
        }
    }

    @Test
    void incompleteFlag() throws IOException {
        byte[] e = Files.readAllBytes(dumps.elfFiltered);
        e[48] |= 0x1;
        assertEquals(FormatVerdict.truncated("elf", VerdictReason.INCOMPLETE_FLAG), Feed.verdict(e));
    }
}
