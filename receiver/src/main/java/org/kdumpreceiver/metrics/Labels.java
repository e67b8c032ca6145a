package org.kdumpreceiver.metrics;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.kdumpreceiver.ingest.RejectReason;

/**
 * The closed sets of label values. A label value outside its set becomes {@code other}, so a front end
 * that invents a new reason, or a client that controls part of a string, cannot grow the number of
 * series without bound. Addresses, file names and users never become labels.
 */
final class Labels {
    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";

    static final Set<String> PROTOCOLS = Set.of("ssh", "sftp", "scp", "nfs", "import", UNKNOWN);

    static final Set<String> VERDICTS = Set.of("complete", "truncated", UNKNOWN);

    /** Why a file was truncated: the format probe's reasons, the store's, and the front ends'. */
    static final Set<String> TRUNCATION_REASONS = Set.of(
            // content (format/package-info.java)
            "no-end-marker", "incomplete-flag", "short-of-pt-load-extent", "short-of-page-data",
            "unwritten-page-descriptor", "wrapper-stream-cut", "wrapper-stream-corrupt", "no-final-newline",
            "empty", "data-after-end-marker", "bad-record", "unsupported-layout", "not-a-core-file",
            // store
            "receiver-restart", "storage-full", "storage-error", "file-too-large", "import-read-error",
            // front ends
            "connection-lost", "idle-timeout", "receiver-stopped", "protocol-error", "client-error",
            "nfs-out-of-sequence", "removed-by-client", "replaced-by-client");

    static final Set<String> AUTH_REASONS = Set.of(
            "unknown-key", "none-refused", "bad-password", "bad-signature", "unknown-user", "method-refused",
            "too-many-attempts", "password-refused", "from-mismatch", "no-accepted-method", "address-not-allowed",
            // enrolment secrets (ssh/SecretAuthenticator)
            "token-expired", "token-used-up", "token-outside-cidr", "password-outside-cidr", "banned", "backoff",
            "storage-error");

    static final Set<String> REJECT_REASONS = tokens(RejectReason.values(), RejectReason::token);

    static final Set<String> ENROLMENT_RESULTS = Set.of("enrolled", "already-enrolled", "refused");

    static final Set<String> REFUSAL_REASONS = Set.of("max-sessions", "max-sessions-per-address", "shutting-down");

    private Labels() {}

    static String protocol(String protocol) {
        return protocol == null ? UNKNOWN : clamp(PROTOCOLS, protocol);
    }

    private static <T> Set<String> tokens(T[] values, Function<T, String> token) {
        return Arrays.stream(values).map(token).collect(Collectors.toUnmodifiableSet());
    }

    static String clamp(Set<String> known, String value) {
        return value != null && known.contains(value) ? value : OTHER;
    }
}
