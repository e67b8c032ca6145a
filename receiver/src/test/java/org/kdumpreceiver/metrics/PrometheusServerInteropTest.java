package org.kdumpreceiver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Await;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.FileSink;
import org.kdumpreceiver.ingest.IngestSession;

/**
 * A real Prometheus server (Debian's {@code prometheus}) scrapes the endpoint with a bearer token and
 * evaluates the shipped alert rules; its HTTP API must show the dump counts and a firing TruncatedDump.
 */
class PrometheusServerInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Process prometheus;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy(); // SIGTERM: a clean shutdown
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void prometheusScrapesTheReceiverAndSeesDumpsAndATruncatedDumpAlert() throws Exception {
        String binary = Programs.require("prometheus", "prometheus");
        Path token = MetricsServer.writeSecret(tmp.resolve("token"), "kdump-scrape-token\n");
        try (MetricsServer server = new MetricsServer(tmp, token)) {
            byte[] dmesg = TestData.dmesgText();
            for (int i = 0; i < 2; i++) {
                try (IngestSession session = server.open("web-17")) {
                    FileSink sink = session.openFile("dmesg.20261122140" + i);
                    sink.write(dmesg, 0, dmesg.length);
                    sink.complete();
                }
            }

            int web = freePort();
            Path config = Files.writeString(tmp.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: kdump-receiver
                        authorization:
                          credentials_file: %s
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(PromtoolInteropTest.OPERATIONS.resolve("alerts.yml"), token, server.port()));
            Path log = tmp.resolve("prometheus.log");
            prometheus = new ProcessBuilder(binary, "--config.file=" + config,
                    "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + web)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            URI api = URI.create("http://127.0.0.1:" + web + "/api/v1/");

            JsonNode complete = await(api, log, "kdump_receiver_dumps_total{job=\"kdump-receiver\",protocol=\"ssh\","
                    + "verdict=\"complete\"}", r -> r.size() == 1 && value(r) == 2.0);
            assertEquals("127.0.0.1:" + server.port(), complete.get(0).get("metric").get("instance").asText());
            await(api, log, "up{job=\"kdump-receiver\"}", r -> r.size() == 1 && value(r) == 1.0);
            // The answer 0 is a scraped sample in Prometheus' storage; a cut transfer after it is an
            // increase from 0 that the alert catches (without a sample at 0 there would be nothing to
            // increase from).
            await(api, log, "kdump_receiver_dumps_total{verdict=\"truncated\",protocol=\"ssh\"}",
                    r -> r.size() == 1 && value(r) == 0.0);
            try (IngestSession session = server.open("web-17")) {
                FileSink sink = session.openFile("dump-incomplete");
                sink.write(dmesg, 0, dmesg.length / 2);
                sink.abort(VerdictReason.CONNECTION_LOST);
            }
            await(api, log, "kdump_receiver_truncated_dumps_total{reason=\"connection-lost\"}",
                    r -> r.size() == 1 && value(r) == 1.0);
            await(api, log, "ALERTS{alertname=\"TruncatedDump\",alertstate=\"firing\"}", r -> r.size() == 1);
            JsonNode rules = get(api.resolve("rules"));
            assertEquals(5, rules.at("/data/groups/0/rules").size(), rules.toString());
            for (JsonNode rule : rules.at("/data/groups/0/rules")) {
                assertEquals("ok", rule.get("health").asText(), rule.toString());
            }
        }
    }

    /** Queries until the result is {@code done}; generous, as a loaded machine delays scrapes and rules. */
    private JsonNode await(URI api, Path log, String query, Predicate<JsonNode> done) throws Exception {
        URI uri = api.resolve("query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        try {
            return Await.until(Duration.ofSeconds(90), "an answer to " + query, () -> {
                assertTrue(prometheus.isAlive(), "prometheus exited:\n" + Files.readString(log));
                return answer(uri);
            }, a -> a.result() != null && done.test(a.result())).result();
        } catch (Await.TimedOut t) {
            throw new AssertionError(t.getMessage() + "\ntargets: " + safeGet(api.resolve("targets")) + "\nlog:\n"
                    + Files.readString(log), t);
        }
    }

    /** A query's result, or why Prometheus has none yet. */
    private record Answer(JsonNode result, String notYet) {}

    private Answer answer(URI query) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(query).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            // Not listening yet (the web port opens a moment after the start), or too busy to answer.
            return new Answer(null, e.toString());
        }
        if (r.statusCode() == 503) {
            return new Answer(null, r.body());  // listening, but its storage is not ready yet
        }
        if (r.statusCode() != 200) {
            throw new IOException(query + ": " + r.statusCode() + " " + r.body());
        }
        return new Answer(JSON.readTree(r.body()).at("/data/result"), null);
    }

    private static double value(JsonNode result) {
        return Double.parseDouble(result.get(0).get("value").get(1).asText());
    }

    private JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(uri + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private String safeGet(URI uri) {
        try {
            return get(uri).toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

}
