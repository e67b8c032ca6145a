package org.kdumpreceiver.metrics;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.kdumpreceiver.format.Verdict;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.Protocol;

/**
 * The closed sets of label values, each derived from the enum its producers use, so a new value cannot be
 * forgotten here. Front-end events carry those enums and become labels as they are. Ingest events carry
 * strings that also come from manifests on disk (a recovered file's protocol, a verdict and its reason), so
 * those are clamped: a value outside its set becomes {@code other}, and neither a front end nor a manifest
 * can grow the number of series without bound. Addresses, file names and users never become labels.
 */
final class Labels {
    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";

    /** {@code unknown}: a manifest that names no protocol. */
    static final Set<String> PROTOCOLS = Stream.concat(
            Arrays.stream(Protocol.values()).map(Protocol::token), Stream.of(UNKNOWN))
            .collect(Collectors.toUnmodifiableSet());

    static final Set<String> VERDICTS = tokens(Verdict.values(), Verdict::label);

    /** Why a file was truncated: the format probe's reasons, the store's, and the front ends'. */
    static final Set<String> TRUNCATION_REASONS = tokens(VerdictReason.values(), VerdictReason::token);

    private Labels() {}

    static String protocol(String protocol) {
        return protocol == null ? UNKNOWN : clamp(PROTOCOLS, protocol);
    }

    static String clamp(Set<String> known, String value) {
        return value != null && known.contains(value) ? value : OTHER;
    }

    private static <T> Set<String> tokens(T[] values, Function<T, String> token) {
        return Arrays.stream(values).map(token).collect(Collectors.toUnmodifiableSet());
    }
}
