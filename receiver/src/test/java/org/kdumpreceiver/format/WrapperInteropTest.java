package org.kdumpreceiver.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Flattened dumps wrapped by the real compressor CLIs, as kdump-tools' KDUMP_COMPRESSION does. */
class WrapperInteropTest {
    private final Dumps dumps = Dumps.get();

    static Stream<Arguments> compressors() {
        return Stream.of(
            Arguments.of("gzip", List.of("gzip", "-c")),
            Arguments.of("bzip2", List.of("bzip2", "-c")),
            Arguments.of("xz", List.of("xz", "-c", "-T1")),
            Arguments.of("lz4", List.of("lz4", "-c")),
            Arguments.of("lz4", List.of("lz4", "-l", "-c")),
            Arguments.of("zstd", List.of("zstd", "-c", "-q")));
    }

    private Path compress(List<String> cmd, Path input, String tag) throws IOException {
        assertTrue(Cli.available(cmd.get(0)), cmd.get(0) + " is not installed: install the Debian package "
                + (cmd.get(0).equals("xz") ? "xz-utils" : cmd.get(0)) + " (./run-tests does)");
        Path out = dumps.file(tag + "-" + String.join("", cmd).replace("-", "") + ".out");
        if (!Files.exists(out)) {
            Cli.run(cmd, input, out);
        }
        return out;
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("compressors")
    void completeWrapper(String label, List<String> cmd) throws IOException {
        Path z = compress(cmd, dumps.flattened, "whole");
        assertEquals(FormatVerdict.complete(label + "/flattened/kdump-compressed"), Feed.verdict(Files.readAllBytes(z)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("compressors")
    void cutWrapper(String label, List<String> cmd) throws IOException {
        byte[] z = Files.readAllBytes(compress(cmd, dumps.flattened, "whole"));
        for (int cut : new int[] {z.length / 2, z.length - 1}) {
            assertEquals(FormatVerdict.truncated(label + "/flattened/kdump-compressed", VerdictReason.WRAPPER_STREAM_CUT),
                Feed.verdict(Arrays.copyOf(z, cut)), "cut at " + cut);
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("compressors")
    void completeWrapperOfTruncatedStream(String label, List<String> cmd) throws IOException {
        Path cutFlat = dumps.file("cut.flattened");
        synchronized (Dumps.class) {
            if (!Files.exists(cutFlat)) {
                byte[] f = Files.readAllBytes(dumps.flattened);
                Files.write(cutFlat, Arrays.copyOf(f, f.length * 2 / 3));
            }
        }
        Path z = compress(cmd, cutFlat, "cut");
        assertEquals(FormatVerdict.truncated(label + "/flattened/kdump-compressed", VerdictReason.NO_END_MARKER),
            Feed.verdict(Files.readAllBytes(z)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("compressors")
    void wrappedTextAndEmpty(String label, List<String> cmd) throws IOException {
        Path text = dumps.file("dmesg.txt");
        Path empty = dumps.file("empty");
        synchronized (Dumps.class) {
            if (!Files.exists(text)) {
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    lines.add("[    " + i + ".000000] synthetic kernel log line " + i);
                }
                Files.write(text, lines);
                Files.write(empty, new byte[0]);
            }
        }
        assertEquals(FormatVerdict.complete(label + "/text"), Feed.verdict(Files.readAllBytes(compress(cmd, text, "text"))));
        assertEquals(FormatVerdict.truncated(label + "/empty", VerdictReason.EMPTY),
            Feed.verdict(Files.readAllBytes(compress(cmd, empty, "empty"))));
    }
}
