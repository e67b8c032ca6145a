package org.kdumpreceiver.ingest;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Why a front end refused what a client asked (a command, a path, an NFS operation). The one vocabulary of
 * refusal tokens: events carry it, metric labels are derived from it, docs list it.
 */
public enum RejectReason {
    ALREADY_ENROLLED("already-enrolled"),
    BAD_ATTRIBUTE("bad-attribute"),
    BAD_COOKIE("bad-cookie"),
    BAD_HANDLE("bad-handle"),
    BAD_NAME("bad-name"),
    BAD_OFFSET("bad-offset"),
    BAD_OPEN("bad-open"),
    BAD_PATH("bad-path"),
    BAD_SESSION("bad-session"),
    BAD_SIZE("bad-size"),
    BAD_SLOT("bad-slot"),
    BAD_STATEID("bad-stateid"),
    BAD_TYPE("bad-type"),
    BUSY("busy"),
    CLIENT_BUSY("client-busy"),
    CLOSED("closed"),
    COMPLETE_ALREADY("complete-already"),
    CROSS_DIRECTORY("cross-directory"),
    EMPTY("empty"),
    ENROLMENT_ONLY("enrolment-only"),
    EXISTS("exists"),
    FILE_TOO_LARGE("file-too-large"),
    FINISHED_FILE("finished-file"),
    ILLEGAL_OP("illegal-op"),
    IS_DIRECTORY("is-directory"),
    NO_CLIENT("no-client"),
    NO_FILEHANDLE("no-filehandle"),
    NO_GRACE("no-grace"),
    NOT_CACHED("not-cached"),
    NOT_DIRECTORY("not-directory"),
    NOT_EMPTY("not-empty"),
    NOT_FOUND("not-found"),
    NOT_IN_SESSION("not-in-session"),
    NOT_ONLY_OP("not-only-op"),
    NOT_PERMITTED("not-permitted"),
    NOT_SUPPORTED("not-supported"),
    NOT_SYNC("not-sync"),
    OTHER_HOST("other-host"),
    PATH_ESCAPE("path-escape"),
    PSEUDO_DIRECTORY("pseudo-directory"),
    RETRY_UNCACHED("retry-uncached"),
    SEQ_MISORDERED("seq-misordered"),
    SEQUENCE_POSITION("sequence-position"),
    SHELL_SYNTAX("shell-syntax"),
    SHRINK("shrink"),
    SLOT_BUSY("slot-busy"),
    STALE_CLIENT("stale-client"),
    STALE_HANDLE("stale-handle"),
    STATE_PROTECTION("state-protection"),
    STORAGE_ERROR("storage-error"),
    STORAGE_FULL("storage-full"),
    TOO_MANY("too-many"),
    TOO_MANY_OPS("too-many-ops"),
    TOO_SMALL("too-small"),
    UNKNOWN_COMMAND("unknown-command");

    private static final Map<String, RejectReason> BY_TOKEN =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(RejectReason::token, Function.identity()));

    private final String token;

    RejectReason(String token) {
        this.token = token;
    }

    /** The stable token in logs, events and the {@code reason} label. */
    public String token() {
        return token;
    }

    public static Optional<RejectReason> of(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(BY_TOKEN.get(token));
    }

    @Override
    public String toString() {
        return token;
    }
}
