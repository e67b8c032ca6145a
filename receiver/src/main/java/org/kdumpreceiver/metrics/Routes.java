package org.kdumpreceiver.metrics;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** What each path answers; everything but these three paths is 404. */
final class Routes {
    static final String METRICS = "/metrics";
    static final String HEALTHZ = "/healthz";
    static final String READYZ = "/readyz";

    /** A response before HTTP framing: status, Content-Type and body. */
    record Answer(HttpResponseStatus status, String contentType, byte[] body) {
        static Answer text(HttpResponseStatus status, String text) {
            return new Answer(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Exposition exposition;
    private final Readiness readiness;
    private final Credentials credentials;

    Routes(Exposition exposition, Readiness readiness, Credentials credentials) {
        this.exposition = exposition;
        this.readiness = readiness;
        this.credentials = credentials;
    }

    static boolean known(String path) {
        return path.equals(METRICS) || path.equals(HEALTHZ) || path.equals(READYZ);
    }

    Credentials credentials() {
        return credentials;
    }

    /** Whether {@code path} needs credentials: all but the liveness probe, which tells nothing. */
    boolean protectedPath(String path) {
        return credentials.required() && !path.equals(HEALTHZ);
    }

    Answer answer(String path, String accept) {
        switch (path) {
            case METRICS -> {
                Exposition.Scrape scrape = exposition.scrape(accept);
                return new Answer(HttpResponseStatus.OK, scrape.contentType(), scrape.body());
            }
            case HEALTHZ -> {
                return Answer.text(HttpResponseStatus.OK, "ok\n");
            }
            case READYZ -> {
                Readiness.Status status = readiness.check();
                return status.ready() ? Answer.text(HttpResponseStatus.OK, "ready\n")
                        : Answer.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                                "not ready: " + String.join(", ", status.problems()) + "\n");
            }
            default -> {
                return Answer.text(HttpResponseStatus.NOT_FOUND, "not found\n");
            }
        }
    }
}
