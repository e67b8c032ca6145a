package org.kdumpreceiver.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Feeds bytes to a fresh FormatProbe in random split sizes, to prove the verdict is split-independent. */
final class Feed {
    private static final int MAX_SPLIT = 1 << 20;

    private Feed() {
    }

    /** A split size from 1 byte to 1 MiB, log-uniform so that tiny and huge splits both occur often. */
    static int split(Random r) {
        return (int) Math.min(MAX_SPLIT, Math.max(1, Math.round(Math.exp(r.nextDouble() * Math.log(MAX_SPLIT)))));
    }

    static FormatVerdict randomSplits(byte[] data, long seed) {
        Random r = new Random(seed);
        FormatProbe probe = new FormatProbe();
        int off = 0;
        while (off < data.length) {
            int n = Math.min(split(r), data.length - off);
            probe.update(data, off, n);
            off += n;
        }
        return probe.finish();
    }

    static FormatVerdict randomSplits(Path file, long limit, long seed) throws IOException {
        Random r = new Random(seed);
        FormatProbe probe = new FormatProbe();
        byte[] buf = new byte[MAX_SPLIT];
        long left = limit;
        try (InputStream in = Files.newInputStream(file)) {
            while (left > 0) {
                int n = in.readNBytes(buf, 0, (int) Math.min(split(r), left));
                if (n == 0) {
                    break;
                }
                probe.update(buf, 0, n);
                left -= n;
            }
        }
        return probe.finish();
    }

    /** Probes with three different random splittings and one whole-buffer call; all must agree. */
    static FormatVerdict verdict(byte[] data) {
        FormatProbe whole = new FormatProbe();
        whole.update(data, 0, data.length);
        FormatVerdict expected = whole.finish();
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(expected, randomSplits(data, seed * 7919 + data.length), "split seed " + seed);
        }
        return expected;
    }

    static FormatVerdict verdict(Path file, long limit) throws IOException {
        FormatVerdict a = randomSplits(file, limit, 11);
        assertEquals(a, randomSplits(file, limit, 12), "second random splitting");
        return a;
    }

    static FormatVerdict verdict(Path file) throws IOException {
        return verdict(file, Files.size(file));
    }
}
