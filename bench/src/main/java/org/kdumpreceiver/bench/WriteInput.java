package org.kdumpreceiver.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one of the benchmark inputs to a file (or stdout with {@code -}), for benchmarks that feed
 * real clients such as {@code bench/ssh-vs-openssh}:
 *
 * <pre>WriteInput vmcore|random MIB FILE|-</pre>
 *
 * <p>{@code vmcore} is the same generator as PipelineBench's vmcore-like input ({@code MIB} of
 * memory pages, as a flattened ELF stream, a little longer than {@code MIB}); {@code random} is
 * exactly {@code MIB} MiB of incompressible bytes. The seed is fixed, so the bytes are the same every run.
 * Prints the byte count written on stderr.
 */
public final class WriteInput {
    private static final long SEED = 20261122L;

    private WriteInput() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: WriteInput vmcore|random MIB FILE|-");
            System.exit(2);
        }
        long bytes = Long.parseLong(args[1]) << 20;
        Source source = switch (args[0]) {
            case "vmcore" -> VmcoreSource.ofMemory(bytes, SEED);
            case "random" -> new RandomSource(bytes, SEED);
            default -> throw new IllegalArgumentException("unknown input " + args[0]);
        };
        byte[] buf = new byte[1 << 20];
        long total = 0;
        try (OutputStream out = args[2].equals("-") ? System.out : new FileOutputStream(args[2])) {
            for (int n; (n = source.fill(buf, 0, buf.length)) > 0; ) {
                out.write(buf, 0, n);
                total += n;
            }
        }
        System.err.println(total);
    }
}
