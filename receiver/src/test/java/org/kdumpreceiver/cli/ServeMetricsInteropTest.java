package org.kdumpreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} opens the metrics endpoint after recovery, answers truthfully, and closes it on SIGTERM. */
class ServeMetricsInteropTest {
    private static final Pattern LISTENING = Pattern.compile("metrics listening on http://127\\.0\\.0\\.1:(\\d+)/metrics");

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Path config(String extra) throws IOException {
        return Files.writeString(tmp.resolve("c.yaml"), "state_dir: " + tmp.resolve("state") + "\n"
                + "storage:\n  root: " + tmp.resolve("dumps") + "\n  min_free: 0\n" + extra);
    }

    private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int port(ServeInteropTest.Daemon serve) throws InterruptedException {
        Matcher m = LISTENING.matcher(serve.awaitLine("metrics listening on"));
        assertTrue(m.find(), serve.output());
        return Integer.parseInt(m.group(1));
    }

    @Test
    void servesMetricsAndReadinessUntilSigterm() throws Exception {
        Path config = Files.writeString(tmp.resolve("c.yaml"), "state_dir: " + tmp.resolve("state") + "\n"
                + "storage:\n  root: " + tmp.resolve("dumps") + "\n  min_free: 0\nmetrics:\n  listen: 127.0.0.1:0\n");
        ServeInteropTest.Daemon serve = ServeInteropTest.Daemon.start(config);
        try {
            int port = port(serve);
            String log = serve.awaitLine("ready:");
            assertTrue(log.indexOf("metrics listening on") < log.indexOf("ready:"), log);
            assertEquals(200, get(port, "/healthz").statusCode());
            HttpResponse<String> ready = get(port, "/readyz");
            assertEquals(200, ready.statusCode(), ready.body());
            HttpResponse<String> metrics = get(port, "/metrics");
            assertTrue(metrics.body().contains("kdump_receiver_dumps_total{protocol=\"ssh\",verdict=\"complete\"} 0"),
                    metrics.body());
            assertEquals(404, get(port, "/").statusCode());
            serve.terminate();
            assertEquals(0, serve.awaitExit(), serve.output());
            assertThrows(ConnectException.class, () -> get(port, "/healthz"));
        } finally {
            serve.process.destroyForcibly();
        }
    }

    @Test
    void readyzSaysNotReadyBelowMinFreeAndTokenIsRequired() throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "t0ken\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Path config = Files.writeString(tmp.resolve("c.yaml"), "state_dir: " + tmp.resolve("state") + "\n"
                + "storage:\n  root: " + tmp.resolve("dumps") + "\n  min_free: 1000TiB\n"
                + "metrics:\n  listen: 127.0.0.1:0\n  bearer_token_file: " + token + "\n");
        ServeInteropTest.Daemon serve = ServeInteropTest.Daemon.start(config);
        try {
            int port = port(serve);
            assertTrue(serve.awaitLine("auth=required").contains("auth=required"));
            assertEquals(401, get(port, "/metrics").statusCode());
            assertEquals(200, get(port, "/healthz").statusCode());
            HttpResponse<String> ready = get(port, "/readyz", "Authorization", "Bearer t0ken");
            assertEquals(503, ready.statusCode());
            assertEquals("not ready: storage free space below storage.min_free\n", ready.body());
            assertFalse(serve.output().contains("t0ken"), "the token was logged");
            serve.terminate();
            assertEquals(0, serve.awaitExit(), serve.output());
        } finally {
            serve.process.destroyForcibly();
        }
    }

    @Test
    void disabledMetricsListenOnNothing() throws Exception {
        ServeInteropTest.Daemon serve = ServeInteropTest.Daemon.start(config("metrics:\n  enabled: false\n"));
        try {
            assertTrue(serve.awaitLine("ready:").contains("metrics disabled"));
            serve.terminate();
            assertEquals(0, serve.awaitExit(), serve.output());
        } finally {
            serve.process.destroyForcibly();
        }
    }
}
