package org.kdumpreceiver.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the real makedumpfile binary to make flattened, kdump-compressed and rearranged files. */
public final class Makedumpfile {
    private static final String[] CANDIDATES = {"/usr/sbin/makedumpfile", "/usr/bin/makedumpfile", "/sbin/makedumpfile"};

    private Makedumpfile() {
    }

    /** @throws IllegalStateException if the binary is missing */
    public static Path binary() {
        for (String c : CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "makedumpfile"))) {
                return Path.of(dir, "makedumpfile");
            }
        }
        throw new IllegalStateException("makedumpfile not found: install Debian package makedumpfile");
    }

    /** {@code makedumpfile -F <options> vmcore > out}; options default to {@code -c -d 31}. */
    public static void flattened(Path vmcore, Path out, String... options) throws IOException {
        List<String> cmd = command(options.length == 0 ? new String[] {"-c", "-d", "31"} : options);
        cmd.add("-F");
        cmd.add(vmcore.toString());
        Cli.run(cmd, null, out);
    }

    /** {@code makedumpfile <options> vmcore out}; options default to {@code -c -d 31}. */
    public static void compressed(Path vmcore, Path out, String... options) throws IOException {
        List<String> cmd = command(options.length == 0 ? new String[] {"-c", "-d", "31"} : options);
        cmd.add(vmcore.toString());
        cmd.add(out.toString());
        Cli.run(cmd, null, null);
    }

    /** {@code makedumpfile -R out < flattened}. Never call it on a cut stream: it waits 600 s for input. */
    public static void rearrange(Path flattened, Path out) throws IOException {
        List<String> cmd = command("-R", out.toString());
        Cli.run(cmd, flattened, null);
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
