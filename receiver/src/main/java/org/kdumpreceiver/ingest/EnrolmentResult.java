package org.kdumpreceiver.ingest;

/** How an attempt to enrol a host key ended ({@link FrontEndEvent.Enrolment}, the {@code result} label). */
public enum EnrolmentResult {
    ENROLLED("enrolled"),
    /** The key was enrolled (or in authorized_keys) already; nothing changed. */
    ALREADY_ENROLLED("already-enrolled"),
    REFUSED("refused");

    private final String token;

    EnrolmentResult(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return token;
    }
}
