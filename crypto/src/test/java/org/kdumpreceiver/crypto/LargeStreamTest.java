package org.kdumpreceiver.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LargeStreamTest {
    private static final long SIZE = 256L * 1024 * 1024 + 12345;

    /** 256 MiB through seal and open in a child JVM whose heap is far smaller than the data. */
    @Test
    void quarterGigabyteStreamsInBoundedMemory() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx24m", "-cp", System.getProperty("java.class.path"),
                StreamThrough.class.getName(), Long.toString(SIZE), Integer.toString(100_003))
                .redirectErrorStream(true).start();
        if (!process.waitFor(45, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("256 MiB seal/open did not finish within 45 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.startsWith("OK " + SIZE), output);
    }
}
