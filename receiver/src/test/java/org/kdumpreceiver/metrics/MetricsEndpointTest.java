package org.kdumpreceiver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Await;
import org.kdumpreceiver.config.HostPort;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.store.DumpStore;

/** The HTTP endpoint over real sockets: routes, formats, readiness, authentication and hostile clients. */
class MetricsEndpointTest {
    /**
     * The endpoint's request deadline. Far longer than any test here, so a close a test sees is the one
     * it provoked, and a slow machine does not drop a connection between a test's connect and its send.
     */
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    /** For the tests of the deadline itself. */
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);
    /** Generous: how long a drop may take to be seen on a loaded machine (it is about the drop, not its speed). */
    private static final Duration DROPPED_WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private InetSocketAddress serve(Path token, Path users, long minFree, Readiness readiness) throws IOException {
        return serve(token, users, minFree, readiness, TIMEOUT);
    }

    private InetSocketAddress serve(Path token, Path users, long minFree, Readiness readiness, Duration timeout)
            throws IOException {
        DumpStore store = store();
        ReceiverMetrics metrics = ReceiverMetrics.create(new ReceiverConfig.Metrics(true,
                new HostPort("127.0.0.1", 0), true, token, users), store, minFree, new EventBus(), timeout);
        open.add(metrics);
        return metrics.serve(readiness != null ? readiness : new Readiness(store, minFree));
    }

    private InetSocketAddress serve() throws IOException {
        return serve(null, null, 0, null);
    }

    private DumpStore store() throws IOException {
        Files.createDirectories(tmp.resolve("dumps"));
        return new DumpStore(tmp.resolve("dumps"), Clock.systemUTC());
    }

    @Test
    void healthReadyAndMetricsInTheClassicTextFormat() throws Exception {
        InetSocketAddress a = serve();
        RawHttp.Response health = RawHttp.get(a, "/healthz");
        assertEquals(200, health.status());
        assertEquals("ok\n", health.body());
        RawHttp.Response ready = RawHttp.get(a, "/readyz");
        assertEquals(200, ready.status(), ready.body());
        assertEquals("ready\n", ready.body());
        RawHttp.Response metrics = RawHttp.get(a, "/metrics");
        assertEquals(200, metrics.status());
        assertEquals(Exposition.TEXT, metrics.header("Content-Type"));
        assertEquals("no-store", metrics.header("Cache-Control"));
        assertTrue(metrics.body().contains("# TYPE kdump_receiver_dumps_total counter"), metrics.body());
        assertTrue(metrics.body().contains("kdump_receiver_storage_free_bytes "), metrics.body());
        assertTrue(metrics.body().contains("jvm_memory_used_bytes{"), metrics.body());
        assertTrue(metrics.body().contains("process_uptime_seconds "), metrics.body());
        assertTrue(metrics.body().contains("process_cpu_seconds_total "), metrics.body());
        // A query string does not change the route.
        assertEquals(200, RawHttp.get(a, "/metrics?x=1").status());
    }

    @Test
    void openMetricsWhenTheScraperPrefersIt() throws Exception {
        InetSocketAddress a = serve();
        RawHttp.Response om = RawHttp.get(a, "/metrics", "Accept: application/openmetrics-text;version=1.0.0,"
                + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertEquals(Exposition.OPENMETRICS, om.header("Content-Type"));
        assertTrue(om.body().endsWith("# EOF\n"), om.body());
        assertTrue(om.body().contains("kdump_receiver_dumps_total{"), om.body());
        RawHttp.Response text = RawHttp.get(a, "/metrics",
                "Accept: text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5");
        assertEquals(Exposition.TEXT, text.header("Content-Type"));
        assertEquals(Exposition.TEXT, RawHttp.get(a, "/metrics", "Accept: application/openmetrics-text;q=0")
                .header("Content-Type"));
    }

    @Test
    void acceptNegotiation() {
        assertTrue(Exposition.wantsOpenMetrics("application/openmetrics-text"));
        assertTrue(Exposition.wantsOpenMetrics("Application/OpenMetrics-Text; version=1.0.0; q=0.9, */*;q=0.1"));
        assertFalse(Exposition.wantsOpenMetrics(null));
        assertFalse(Exposition.wantsOpenMetrics("*/*"));
        assertFalse(Exposition.wantsOpenMetrics("text/plain, application/openmetrics-text;q=0.5"));
        assertFalse(Exposition.wantsOpenMetrics("application/openmetrics-text;q=nonsense"));
    }

    @Test
    void everyOtherPathIs404() throws Exception {
        InetSocketAddress a = serve();
        for (String path : List.of("/", "/metrics/", "/metrics/x", "/../etc/passwd", "/healthz/../metrics",
                "/favicon.ico", "/METRICS")) {
            RawHttp.Response r = RawHttp.get(a, path);
            assertEquals(404, r.status(), path);
            assertEquals("not found\n", r.body());
        }
    }

    @Test
    void methodsOtherThanGetAndHeadAre405() throws Exception {
        InetSocketAddress a = serve();
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")) {
            RawHttp.Response r = RawHttp.exchange(a, method + " /metrics HTTP/1.1\r\nHost: t\r\n"
                    + "Content-Length: 0\r\n\r\n", false);
            assertEquals(405, r.status(), method);
            assertEquals("GET, HEAD", r.header("Allow"));
        }
    }

    @Test
    void headGivesTheLengthWithoutTheBody() throws Exception {
        InetSocketAddress a = serve();
        try (RawHttp http = new RawHttp(a)) {
            http.send("HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
            RawHttp.Response head = http.read(true);
            assertEquals(200, head.status());
            assertEquals("3", head.header("Content-Length"));
            // Same connection: the next response starts right away, so HEAD sent no body bytes.
            http.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("ok\n", http.read(false).body());
        }
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        InetSocketAddress a = serve();
        try (RawHttp http = new RawHttp(a)) {
            for (int i = 0; i < 3; i++) {
                http.send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(200, http.read(false).status());
            }
        }
    }

    @Test
    void hugeHeadersAre431AndTheConnectionIsClosed() throws Exception {
        InetSocketAddress a = serve();
        try (RawHttp http = new RawHttp(a)) {
            http.send("GET /metrics HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n");
            RawHttp.Response r = http.read(false);
            assertEquals(431, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(http.closedByServer(5000), "connection left open after 431");
        }
        try (RawHttp http = new RawHttp(a)) {
            StringBuilder many = new StringBuilder("GET /metrics HTTP/1.1\r\nHost: t\r\n");
            for (int i = 0; i < 2000; i++) {
                many.append("X-H").append(i).append(": v\r\n");
            }
            http.send(many.append("\r\n").toString());
            assertEquals(431, http.read(false).status());
            assertTrue(http.closedByServer(5000));
        }
        // The endpoint is still fine for everyone else.
        assertEquals(200, RawHttp.get(a, "/healthz").status());
    }

    @Test
    void hugeRequestLineIs414AndGarbageIs400() throws Exception {
        InetSocketAddress a = serve();
        assertEquals(414, RawHttp.exchange(a, "GET /" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: t\r\n\r\n", false)
                .status());
        try (RawHttp http = new RawHttp(a)) {
            http.send("\u0001\u0002 nonsense \u0003\r\n\r\n");
            assertEquals(400, http.read(false).status());
            assertTrue(http.closedByServer(5000));
        }
    }

    @Test
    void bodyLargerThanALimitIsRefused() throws Exception {
        InetSocketAddress a = serve();
        try (RawHttp http = new RawHttp(a)) {
            http.send("GET /metrics HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000\r\n\r\n");
            assertEquals(413, http.read(false).status());
            assertTrue(http.closedByServer(5000));
        }
    }

    @Test
    void aStalledPartialRequestDoesNotBlockOthers() throws Exception {
        InetSocketAddress a = serve();
        try (RawHttp slow = new RawHttp(a)) {
            slow.send("GET /metrics HTTP/1.1\r\nHost: t\r\n");
            // Had they waited for the slow client (its deadline is a minute away), these would have met
            // their own 10 s socket timeout.
            for (int i = 0; i < 5; i++) {
                assertEquals(200, RawHttp.get(a, "/metrics").status());
            }
            assertFalse(slow.closedByServer(1), "the slow client was dropped before the others were served");
        }
    }

    @Test
    void aRequestNotWholeWithinTheDeadlineIsDroppedEvenWhileBytesKeepComing() throws Exception {
        InetSocketAddress a = serve(null, null, 0, null, SHORT_TIMEOUT);
        long start = System.nanoTime();
        try (RawHttp slow = new RawHttp(a); RawHttp trickle = new RawHttp(a)) {
            slow.send("GET /metrics HTTP/1.1\r\nHost: t\r\n");
            // A byte every few hundred milliseconds: never idle as long as the deadline, yet never done.
            Await.until(DROPPED_WITHIN, "the trickling client dropped", () -> {
                if (trickle.closedByServer(100)) {
                    return true;
                }
                try {
                    trickle.send("X");
                } catch (IOException reset) {
                    return true;  // the server closed the connection since the look above
                }
                return false;
            }, closed -> closed);
            assertTrue(System.nanoTime() - start >= SHORT_TIMEOUT.toNanos(), "dropped before its deadline");
            assertTrue(slow.closedByServer((int) DROPPED_WITHIN.toMillis()), "stalled client not dropped");
        }
        // An idle connection that never sent anything is dropped too.
        try (RawHttp idle = new RawHttp(a)) {
            assertTrue(idle.closedByServer((int) DROPPED_WITHIN.toMillis()), "idle client not dropped");
        }
    }

    @Test
    void bearerTokenProtectsAllButHealthz() throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "  s3cret-token\n");
        InetSocketAddress a = serve(token, null, 0, null);
        RawHttp.Response none = RawHttp.get(a, "/metrics");
        assertEquals(401, none.status());
        assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"), none.header("WWW-Authenticate"));
        assertEquals("unauthorized\n", none.body());
        assertEquals(401, RawHttp.get(a, "/metrics", "Authorization: Bearer wrong").status());
        assertEquals(401, RawHttp.get(a, "/metrics", "Authorization: Bearer s3cret-token2").status());
        assertEquals(401, RawHttp.get(a, "/metrics", "Authorization: Basic " + b64("u:s3cret-token")).status());
        assertEquals(401, RawHttp.get(a, "/readyz").status());
        assertEquals(200, RawHttp.get(a, "/metrics", "Authorization: Bearer s3cret-token").status());
        assertEquals(200, RawHttp.get(a, "/metrics", "Authorization: bearer s3cret-token").status());
        assertEquals(200, RawHttp.get(a, "/readyz", "Authorization: Bearer s3cret-token").status());
        assertEquals(200, RawHttp.get(a, "/healthz").status());
        // Unknown paths stay 404 and wrong methods 405 whatever the credentials.
        assertEquals(404, RawHttp.get(a, "/admin").status());
    }

    @Test
    void basicAuthAcceptsEveryListedUser() throws Exception {
        Path users = Files.writeString(tmp.resolve("users"), "# scrapers\nprometheus:pa:ss word\n\nvm-agent:x\n");
        InetSocketAddress a = serve(null, users, 0, null);
        RawHttp.Response none = RawHttp.get(a, "/metrics");
        assertEquals(401, none.status());
        assertTrue(none.header("WWW-Authenticate").startsWith("Basic realm="), none.header("WWW-Authenticate"));
        assertEquals(200, RawHttp.get(a, "/metrics", "Authorization: Basic " + b64("prometheus:pa:ss word")).status());
        assertEquals(200, RawHttp.get(a, "/metrics", "Authorization: Basic " + b64("vm-agent:x")).status());
        assertEquals(401, RawHttp.get(a, "/metrics", "Authorization: Basic " + b64("prometheus:pa:ss")).status());
        assertEquals(401, RawHttp.get(a, "/metrics", "Authorization: Basic " + b64("vm-agent:y")).status());
        assertEquals(401, RawHttp.get(a, "/metrics", "Authorization: Basic not*base64").status());
        assertEquals(401, RawHttp.get(a, "/metrics", "Authorization: Bearer x").status());
        assertEquals(401, RawHttp.get(a, "/metrics", "Authorization: Basic").status());
    }

    @Test
    void badCredentialFilesAreRefusedWithoutShowingTheirContent() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");
        IOException e = assertThrows(IOException.class, () -> Credentials.load(empty, null));
        assertTrue(e.getMessage().contains("metrics.bearer_token_file"), e.getMessage());
        Path spaced = Files.writeString(tmp.resolve("spaced"), "two words\n");
        e = assertThrows(IOException.class, () -> Credentials.load(spaced, null));
        assertFalse(e.getMessage().contains("words"), e.getMessage());
        Path users = Files.writeString(tmp.resolve("users"), "ok:fine\nhunter2-without-colon\n");
        e = assertThrows(IOException.class, () -> Credentials.load(null, users));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        Path comments = Files.writeString(tmp.resolve("comments"), "# nobody\n");
        assertThrows(IOException.class, () -> Credentials.load(null, comments));
        assertFalse(Credentials.load(null, null).required());
    }

    @Test
    void readyzReflectsFreeSpaceListenersAndAWritableStore() throws Exception {
        DumpStore store = store();
        Readiness readiness = new Readiness(store, Long.MAX_VALUE);
        AtomicBoolean sshBound = new AtomicBoolean(false);
        readiness.listener("ssh", sshBound::get);
        InetSocketAddress a = serve(null, null, 0, readiness);
        RawHttp.Response r = RawHttp.get(a, "/readyz");
        assertEquals(503, r.status());
        assertEquals("not ready: ssh listener not bound, storage free space below storage.min_free\n", r.body());
        sshBound.set(true);
        assertTrue(RawHttp.get(a, "/readyz").body().startsWith("not ready: storage free space below"));

        Readiness fine = new Readiness(store, 0);
        assertTrue(fine.check().ready(), fine.check().toString());
        Files.delete(store.root());
        Files.writeString(store.root(), "not a directory");
        assertEquals(List.of("storage free space unknown", "storage not writable"), fine.check().problems());
        assertEquals(200, RawHttp.get(a, "/healthz").status(), "liveness does not depend on the store");
        // The probe leaves nothing behind.
        Files.delete(store.root());
        Files.createDirectories(store.root());
        assertTrue(fine.check().ready());
        try (var files = Files.list(store.root())) {
            assertNull(files.findFirst().orElse(null));
        }
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        InetSocketAddress a = serve();
        DumpStore store = store();
        ReceiverMetrics second = ReceiverMetrics.create(new ReceiverConfig.Metrics(new HostPort("127.0.0.1",
                a.getPort())), store, 0, new EventBus());
        open.add(second);
        IOException e = assertThrows(IOException.class, () -> second.serve(new Readiness(store, 0)));
        assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + a.getPort() + " (metrics.listen)"),
                e.getMessage());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
