package org.kdumpreceiver.format;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Why a stored file is not {@code complete}: the one vocabulary of verdict reasons. The content's reasons come
 * from the format probe, the others from the store and the front ends, which can cut a file whatever its
 * content says. Each is explained in {@code package-info.java}. The manifest records {@link #token()}, and the
 * {@code reason} label of the truncation metric is derived from this enum, so a reason cannot be added without
 * the metric knowing it. Tokens are stable: they are in manifests on disk, metric series and alerts.
 */
public enum VerdictReason {
    // the content (FormatProbe)
    NO_END_MARKER("no-end-marker", Origin.CONTENT),
    DATA_AFTER_END_MARKER("data-after-end-marker", Origin.CONTENT),
    BAD_RECORD("bad-record", Origin.CONTENT),
    INCOMPLETE_FLAG("incomplete-flag", Origin.CONTENT),
    SHORT_OF_PAGE_DATA("short-of-page-data", Origin.CONTENT),
    UNWRITTEN_PAGE_DESCRIPTOR("unwritten-page-descriptor", Origin.CONTENT),
    UNWRITTEN_PAGE_DATA("unwritten-page-data", Origin.CONTENT),
    UNWRITTEN_HEADER_OR_BITMAP("unwritten-header-or-bitmap", Origin.CONTENT),
    PAGE_COVERAGE_UNCHECKED("page-coverage-unchecked", Origin.CONTENT),
    SHORT_OF_PT_LOAD_EXTENT("short-of-pt-load-extent", Origin.CONTENT),
    WRAPPER_STREAM_CUT("wrapper-stream-cut", Origin.CONTENT),
    WRAPPER_STREAM_CORRUPT("wrapper-stream-corrupt", Origin.CONTENT),
    NO_FINAL_NEWLINE("no-final-newline", Origin.CONTENT),
    EMPTY("empty", Origin.CONTENT),
    UNRECOGNISED_CONTENT("unrecognised-content", Origin.CONTENT),
    UNSUPPORTED_LAYOUT("unsupported-layout", Origin.CONTENT),
    NOT_A_CORE("not-a-core-file", Origin.CONTENT),
    PROBE_FAILED("probe-failed", Origin.CONTENT),
    // the store
    RECEIVER_RESTART("receiver-restart", Origin.STORE),
    STORAGE_FULL("storage-full", Origin.STORE),
    STORAGE_ERROR("storage-error", Origin.STORE),
    FILE_TOO_LARGE("file-too-large", Origin.STORE),
    // the front ends: the transfer broke off
    CONNECTION_LOST("connection-lost", Origin.TRANSFER),
    RECEIVER_STOPPED("receiver-stopped", Origin.TRANSFER),
    PROTOCOL_ERROR("protocol-error", Origin.TRANSFER),
    IDLE_TIMEOUT("idle-timeout", Origin.TRANSFER),
    NFS_OUT_OF_SEQUENCE("nfs-out-of-sequence", Origin.TRANSFER),
    REMOVED_BY_CLIENT("removed-by-client", Origin.TRANSFER),
    REPLACED_BY_CLIENT("replaced-by-client", Origin.TRANSFER),
    IMPORT_READ_ERROR("import-read-error", Origin.TRANSFER);

    /** Who decided the file is not whole. */
    public enum Origin {
        /** The format probe, from the bytes alone. */
        CONTENT,
        /** The store stopped writing the file (crash, full disk, I/O error, size limit). */
        STORE,
        /** The front end ended the transfer before the client finished it; what arrived is sealed properly. */
        TRANSFER
    }

    private static final Map<String, VerdictReason> BY_TOKEN =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(VerdictReason::token, Function.identity()));

    private final String token;
    private final Origin origin;

    VerdictReason(String token, Origin origin) {
        this.token = token;
        this.origin = origin;
    }

    /** The stable token in manifests, logs and the {@code reason} label. */
    public String token() {
        return token;
    }

    public Origin origin() {
        return origin;
    }

    /** A token read back from a manifest; empty for anything this version does not know. */
    public static Optional<VerdictReason> of(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(BY_TOKEN.get(token));
    }

    @Override
    public String toString() {
        return token;
    }
}
