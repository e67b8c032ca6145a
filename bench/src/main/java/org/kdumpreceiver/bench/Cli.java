package org.kdumpreceiver.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a shell pipeline under bash and reads the CPU its children used from bash's {@code times}. */
final class Cli {
    /** Writes the process's stdin; returns when all is written. */
    interface Feed {
        void feed(OutputStream stdin) throws Exception;
    }

    record Run(double wallS, double cpuS) {}

    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s");

    private Cli() {}

    /**
     * Runs {@code script} (bash, positional args {@code $1..}) with stdin fed by {@code feed}; the wall
     * time runs from start to exit, the CPU is user + system of the script's children.
     */
    static Run run(String script, Feed feed, String... args) throws Exception {
        String[] cmd = new String[3 + 1 + args.length];
        cmd[0] = "bash";
        cmd[1] = "-c";
        cmd[2] = script + "; rc=$?; times; exit $rc";
        cmd[3] = "bench";
        System.arraycopy(args, 0, cmd, 4, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try (OutputStream stdin = p.getOutputStream()) {
            feed.feed(stdin);
        }
        String times = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        int rc = p.waitFor();
        long wall = System.nanoTime() - t0;
        if (rc != 0) {
            throw new IOException("'" + script + "' exited " + rc);
        }
        String[] lines = times.strip().split("\n");
        Matcher m = TIMES.matcher(lines[lines.length - 1]);
        if (!m.find()) {
            throw new IOException("cannot read CPU times from bash: " + times);
        }
        double cpu = Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Long.parseLong(m.group(3)) * 60 + Double.parseDouble(m.group(4));
        return new Run(wall / 1e9, cpu);
    }
}
