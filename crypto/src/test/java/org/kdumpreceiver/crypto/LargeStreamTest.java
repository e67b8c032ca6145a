package org.kdumpreceiver.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeStreamTest {
    private static final long SIZE = 256L * 1024 * 1024 + 12345;
    /**
     * Only catches a hang (a deadlocked pipe, a reader waiting for ever): speed is measured in bench and
     * Throughput, not here. On a loaded 2-core machine this takes seconds, far under the bound.
     */
    private static final Duration HANG = Duration.ofMinutes(10);

    /** 256 MiB through seal and open in a child JVM whose heap is far smaller than the data: memory stays bounded. */
    @Test
    void quarterGigabyteStreamsInBoundedMemory(@TempDir Path dir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // To a file, not a pipe read after exit: a long stack trace filling the pipe would block the child.
        Path log = dir.resolve("child.log");
        Process process = new ProcessBuilder(java, "-Xmx24m", "-cp", System.getProperty("java.class.path"),
                StreamThrough.class.getName(), Long.toString(SIZE), Integer.toString(100_003))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(HANG.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("256 MiB seal/open still running after " + HANG.toMinutes() + " minutes: it hangs");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.startsWith("OK " + SIZE), output);
    }
}
