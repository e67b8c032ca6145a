package org.kdumpreceiver.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real age binaries; a missing binary fails the test instead of skipping it. */
final class AgeCli {
    private AgeCli() {}

    static Path binary(String name) {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, name));
            }
        }
        candidates.add(Path.of("/usr/bin", name));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(name + " not found on PATH or in /usr/bin: interop tests need the real age CLI;"
                + " install Debian package age (apt-get install age)");
    }

    record Result(int exitCode, String stdout, String stderr) {}

    /** Runs age or age-keygen with the given arguments, asserting exit status 0; returns stdout. */
    static String run(String tool, String... args) throws IOException, InterruptedException {
        Result result = exec(tool, args);
        assertEquals(0, result.exitCode(), () -> tool + " " + List.of(args) + " failed: " + result.stderr());
        return result.stdout();
    }

    static Result exec(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary(tool).toString());
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("age-out", ".txt");
        Path stderr = Files.createTempFile("age-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("timed out: " + command);
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
