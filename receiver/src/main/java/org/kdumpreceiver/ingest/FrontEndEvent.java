package org.kdumpreceiver.ingest;

import java.util.Objects;

/** What happened at a protocol front end, before or beside any dump. Addresses never become metric labels. */
public sealed interface FrontEndEvent extends ReceiverEvent {
    String protocol();

    record SessionOpened(String protocol, String host, String clientAddress) implements FrontEndEvent {}

    record SessionClosed(String protocol, String host, String clientAddress, long durationMillis)
            implements FrontEndEvent {}

    /** {@code reason}: a bounded token, e.g. {@code unknown-key}, {@code none-refused}, {@code bad-password}. */
    record AuthFailed(String protocol, String clientAddress, String user, String reason) implements FrontEndEvent {}

    /** A command, path or NFS operation a client may not do. */
    record CommandRejected(String protocol, String host, String clientAddress, String command, RejectReason reason)
            implements FrontEndEvent {
        public CommandRejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** An exec command (or subsystem) that ran, with its exit status. */
    record CommandCompleted(String protocol, String host, String clientAddress, String command, int status,
            long durationMillis) implements FrontEndEvent {}

    /** {@code result}: {@code enrolled}, {@code already-enrolled}, {@code refused}. */
    record Enrolment(String protocol, String host, String clientAddress, String result, String detail)
            implements FrontEndEvent {}

    /** A session refused before authentication because a limit was reached. */
    record SessionRefused(String protocol, String clientAddress, String reason) implements FrontEndEvent {}
}
