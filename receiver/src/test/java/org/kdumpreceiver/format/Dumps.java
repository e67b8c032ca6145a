package org.kdumpreceiver.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Real makedumpfile outputs of one small synthetic core, made once per test JVM. */
final class Dumps {
    private static Dumps instance;

    final Path dir;
    final Path elf;
    final Path flattened;
    final Path compressed;
    final Path elfFlattened;
    final Path elfFiltered;

    private Dumps() throws IOException {
        dir = Files.createTempDirectory("format-dumps-");
        Runtime.getRuntime().addShutdownHook(new Thread(this::delete));
        elf = dir.resolve("synthetic.elf");
        SyntheticVmcore.small().write(elf);
        flattened = dir.resolve("synthetic.flattened");
        Makedumpfile.flattened(elf, flattened);
        compressed = dir.resolve("synthetic.kdump");
        Makedumpfile.compressed(elf, compressed);
        elfFlattened = dir.resolve("synthetic-elf.flattened");
        Makedumpfile.flattened(elf, elfFlattened, "-E", "-d", "31");
        elfFiltered = dir.resolve("synthetic-filtered.elf");
        Makedumpfile.compressed(elf, elfFiltered, "-E", "-d", "31");
    }

    static synchronized Dumps get() {
        if (instance == null) {
            try {
                instance = new Dumps();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    private void delete() {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] prefix(Path file, long length) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return java.util.Arrays.copyOf(all, (int) length);
    }
}
