package org.kdumpreceiver.ingest;

/**
 * Why a client was not let in: the one vocabulary of {@link FrontEndEvent.AuthFailed} reasons and of the
 * {@code reason} label of {@code kdump_receiver_auth_failures_total}. Each reason belongs to the one protocol
 * that reports it, which is how the metric's series are created at 0 before the first failure.
 */
public enum AuthFailure {
    /** A public key that is in neither authorized_keys nor the host registry. */
    UNKNOWN_KEY("unknown-key", Protocol.SSH),
    /** A known key used from an address its {@code from=} does not allow. */
    FROM_MISMATCH("from-mismatch", Protocol.SSH),
    /** The session ended unauthenticated with no key refused (none offered, or it gave up before). */
    NO_ACCEPTED_METHOD("no-accepted-method", Protocol.SSH),
    /** A password that is neither an enrolment token nor the enrolment password. */
    BAD_PASSWORD("bad-password", Protocol.SSH),
    PASSWORD_OUTSIDE_CIDR("password-outside-cidr", Protocol.SSH),
    TOKEN_EXPIRED("token-expired", Protocol.SSH),
    TOKEN_USED_UP("token-used-up", Protocol.SSH),
    TOKEN_OUTSIDE_CIDR("token-outside-cidr", Protocol.SSH),
    /** A password from an address still in its back-off after a failure: not checked. */
    BACKOFF("backoff", Protocol.SSH),
    /** A password from a banned address: not checked. */
    BANNED("banned", Protocol.SSH),
    /** The enrolment state could not be read, so the secret could not be checked. */
    STORAGE_ERROR("storage-error", Protocol.SSH),
    /** An NFS or MOUNT call from an address outside {@code nfs.clients}. */
    ADDRESS_NOT_ALLOWED("address-not-allowed", Protocol.NFS);

    private final String token;
    private final Protocol protocol;

    AuthFailure(String token, Protocol protocol) {
        this.token = token;
        this.protocol = protocol;
    }

    /** The stable token in logs and the {@code reason} label. */
    public String token() {
        return token;
    }

    /** The front end that reports this reason. */
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public String toString() {
        return token;
    }
}
