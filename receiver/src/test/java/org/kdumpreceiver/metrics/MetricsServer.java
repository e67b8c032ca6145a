package org.kdumpreceiver.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.kdumpreceiver.config.HostPort;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.ingest.SealedStoreFixture;
import org.kdumpreceiver.store.HostIdentity;

/** A sealed store in a temporary directory with the metrics endpoint serving on a free loopback port. */
final class MetricsServer implements AutoCloseable {
    final SealedStoreFixture store;
    final ReceiverMetrics metrics;
    final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    MetricsServer(Path tmp, Path bearerTokenFile) throws IOException {
        store = new SealedStoreFixture(tmp.resolve("dumps"), tmp.resolve("identity.txt"), 0, 0);
        metrics = ReceiverMetrics.create(new ReceiverConfig.Metrics(true, new HostPort("127.0.0.1", 0), true,
                bearerTokenFile, null), store.store, 0, store.ingest.events());
        var bound = metrics.serve(new Readiness(store.store, 0));
        base = URI.create("http://127.0.0.1:" + bound.getPort());
    }

    int port() {
        return base.getPort();
    }

    org.kdumpreceiver.ingest.IngestSession open(String host) throws IOException {
        return open(host, "ssh");
    }

    org.kdumpreceiver.ingest.IngestSession open(String host, String protocol) throws IOException {
        return store.ingest.open(new HostIdentity(host), protocol, "192.0.2.7", "/var/crash/192.0.2.7-202611221400");
    }

    /** GET {@code /metrics} over real HTTP in the classic text format. */
    String scrapeText(String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics: " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    Scrape scrape(String... headers) throws IOException, InterruptedException {
        return Scrape.parse(scrapeText(headers));
    }

    static Path writeSecret(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Override
    public void close() {
        metrics.close();
    }
}
