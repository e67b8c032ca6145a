package org.kdumpreceiver.ingest;

/** Why a connection was closed before any exchange: a limit was reached ({@link FrontEndEvent.SessionRefused}). */
public enum SessionRefusal {
    /** {@code limits.max_sessions}. */
    MAX_SESSIONS("max-sessions"),
    /** {@code limits.max_sessions_per_address}. */
    MAX_SESSIONS_PER_ADDRESS("max-sessions-per-address");

    private final String token;

    SessionRefusal(String token) {
        this.token = token;
    }

    /** The stable token in logs and the {@code reason} label. */
    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return token;
    }
}
