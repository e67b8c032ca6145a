package org.kdumpreceiver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

/** Inputs for tests: generated ones always, the real crash dump in ../shared/data where present. */
public final class TestData {
    private TestData() {}

    /** Random bytes with a fixed seed: incompressible, reproducible. */
    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static Path writeRandom(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buf.length) {
                random.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
        return file;
    }

    public static byte[] dmesgText() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            b.append(String.format("[%5d.%06d] test: line %d of a kernel log%n", i, i * 37, i));
        }
        b.append("[  201.000000] sysrq: Trigger a crash\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A file from ../shared/data, if this checkout has it beside it. */
    public static Optional<Path> shared(String name) {
        String dir = System.getProperty("kdump.shared.data");
        if (dir == null) {
            return Optional.empty();
        }
        Path p = Path.of(dir, name);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
}
