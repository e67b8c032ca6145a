package org.kdumpreceiver.ingest;

import java.util.Objects;

/** What happened at a protocol front end, before or beside any dump. Addresses never become metric labels. */
public sealed interface FrontEndEvent extends ReceiverEvent {
    Protocol protocol();

    record SessionOpened(Protocol protocol, String host, String clientAddress) implements FrontEndEvent {}

    record SessionClosed(Protocol protocol, String host, String clientAddress, long durationMillis)
            implements FrontEndEvent {}

    record AuthFailed(Protocol protocol, String clientAddress, String user, AuthFailure reason)
            implements FrontEndEvent {
        public AuthFailed {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A command, path or NFS operation a client may not do. */
    record CommandRejected(Protocol protocol, String host, String clientAddress, String command, RejectReason reason)
            implements FrontEndEvent {
        public CommandRejected {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** An exec command (or subsystem) that ran, with its exit status. */
    record CommandCompleted(Protocol protocol, String host, String clientAddress, String command, int status,
            long durationMillis) implements FrontEndEvent {}

    record Enrolment(Protocol protocol, String host, String clientAddress, EnrolmentResult result, String detail)
            implements FrontEndEvent {
        public Enrolment {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(result, "result");
        }
    }

    /** A session refused before authentication because a limit was reached. */
    record SessionRefused(Protocol protocol, String clientAddress, SessionRefusal reason) implements FrontEndEvent {
        public SessionRefused {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
