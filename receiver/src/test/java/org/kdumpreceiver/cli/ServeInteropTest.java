package org.kdumpreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.crypto.IdentityFile;

/** The daemon as a separate process: starts, says where it stores, stops cleanly on SIGTERM. */
class ServeInteropTest {
    @TempDir
    Path tmp;

    @Test
    void startsWithoutRecipientsGeneratesALocalIdentityAndStopsOnSigterm() throws Exception {
        Path config = Files.writeString(tmp.resolve("c.yaml"), "state_dir: " + tmp.resolve("state") + "\n"
                + "storage:\n  root: " + tmp.resolve("dumps") + "\n");
        Process serve = start(config);
        List<String> lines = readUntil(serve, "ready:");
        String log = String.join("\n", lines);
        assertTrue(log.contains("storage.root=" + tmp.resolve("dumps")), log);
        assertTrue(log.contains("PRIVATE KEY IS ON THIS RECEIVER"), log);
        Path local = tmp.resolve("state").resolve(SealingKeys.LOCAL_IDENTITY);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(local)));
        assertEquals(1, IdentityFile.read(local).size());

        Process second = start(config);
        assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, second.exitValue());
        String secondLog = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(secondLog.contains("another kdump-receiver is already serving"), secondLog);

        serve.destroy();  // SIGTERM
        assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
        String rest = new String(serve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, serve.exitValue(), rest);
        assertTrue(rest.contains("received SIGTERM, stopping") && rest.contains("stopped"), rest);

        // A restart reuses the identity instead of making a new one.
        String before = Files.readString(local);
        Process again = start(config);
        readUntil(again, "ready:");
        again.destroy();
        assertTrue(again.waitFor(30, TimeUnit.SECONDS));
        assertEquals(before, Files.readString(local));
    }

    @Test
    void refusesToStartOnABrokenConfig() throws Exception {
        Path config = Files.writeString(tmp.resolve("bad.yaml"), "compression:\n  level: high\n");
        Process serve = start(config);
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
        String log = new String(serve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, serve.exitValue(), log);
        assertTrue(log.contains("compression.level"), log);
    }

    private static Process start(Path config) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config", config.toString())
                .redirectErrorStream(true).start();
    }

    private static List<String> readUntil(Process p, String marker) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
            if (line.contains(marker)) {
                return lines;
            }
        }
        throw new AssertionError("process ended before '" + marker + "':\n" + String.join("\n", lines));
    }
}
