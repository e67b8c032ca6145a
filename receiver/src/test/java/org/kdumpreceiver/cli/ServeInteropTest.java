package org.kdumpreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Await;
import org.kdumpreceiver.crypto.IdentityFile;

/** The daemon as a separate process: starts, says where it stores, stops cleanly on SIGTERM. */
class ServeInteropTest {
    @TempDir
    Path tmp;

    @Test
    void startsWithoutRecipientsGeneratesALocalIdentityAndStopsOnSigterm() throws Exception {
        Path config = Files.writeString(tmp.resolve("c.yaml"), "state_dir: " + tmp.resolve("state") + "\n"
                + "storage:\n  root: " + tmp.resolve("dumps") + "\n"
                + "ssh:\n  listen: 127.0.0.1:0\nmetrics:\n  listen: 127.0.0.1:0\n");
        Daemon serve = Daemon.start(config);
        String log = serve.awaitLine("ready:");
        assertTrue(log.contains("storage.root=" + tmp.resolve("dumps")), log);
        assertTrue(log.contains("PRIVATE KEY IS ON THIS RECEIVER"), log);
        Path local = tmp.resolve("state").resolve(SealingKeys.LOCAL_IDENTITY);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(local)));
        assertEquals(1, IdentityFile.read(local).size());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("state"))));

        Daemon second = Daemon.start(config);
        assertEquals(1, second.awaitExit());
        assertTrue(second.output().contains("another kdump-receiver is already serving"), second.output());

        serve.terminate();
        assertEquals(0, serve.awaitExit(), serve.output());
        assertTrue(serve.output().contains("received SIGTERM, stopping"), serve.output());
        assertTrue(serve.output().contains("stopped"), serve.output());

        // A restart reuses the identity instead of making a new one.
        String before = Files.readString(local);
        Daemon again = Daemon.start(config);
        again.awaitLine("ready:");
        again.terminate();
        assertEquals(0, again.awaitExit(), again.output());
        assertEquals(before, Files.readString(local));
    }

    @Test
    void refusesToStartOnABrokenConfig() throws Exception {
        Path config = Files.writeString(tmp.resolve("bad.yaml"), "compression:\n  level: high\n");
        Daemon serve = Daemon.start(config);
        assertEquals(1, serve.awaitExit(), serve.output());
        assertTrue(serve.output().contains("compression.level"), serve.output());
    }

    /** A serve process whose merged output is collected on a thread (destroy() closes its pipes). */
    static final class Daemon {
        final Process process;
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        private Daemon(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                    }
                } catch (IOException closed) {
                    // destroy() closed the pipe; the lines read so far are what we have
                }
            });
            reader.start();
        }

        static Daemon start(Path config) throws IOException {
            return new Daemon(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config",
                    config.toString()).redirectErrorStream(true).start());
        }

        /** The output so far once a line has {@code marker}; generous, for a JVM starting on a loaded machine. */
        String awaitLine(String marker) throws InterruptedException {
            return Await.until(Duration.ofSeconds(60), "'" + marker + "' in serve's output", () -> {
                synchronized (lines) {
                    String out = String.join("\n", lines);
                    // Under the lock, so the reader cannot add the line between this look and the liveness check.
                    assertTrue(out.contains(marker) || process.isAlive() || reader.isAlive(),
                            "serve ended before '" + marker + "':\n" + out);
                    return out;
                }
            }, out -> out.contains(marker));
        }

        /** SIGTERM through kill(1): Process.destroy() would also close the pipe we read the log from. */
        void terminate() {
            org.kdumpreceiver.Programs.Result r = org.kdumpreceiver.Programs.run(
                    List.of("kill", "-TERM", Long.toString(process.pid())), null);
            assertEquals(0, r.exit(), r.stderr());
        }

        int awaitExit() throws InterruptedException {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "serve did not stop:\n" + output());
            reader.join(10_000);
            return process.exitValue();
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }
}
