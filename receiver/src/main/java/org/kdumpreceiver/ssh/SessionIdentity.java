package org.kdumpreceiver.ssh;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.kdumpreceiver.ingest.AuthFailure;
import org.kdumpreceiver.store.HostIdentity;

/** Who an authenticated SSH session is: decided by its key, never by what it sends. */
record SessionIdentity(HostIdentity host, String clientAddress, String keyFingerprint) {
    static final AttributeKey<SessionIdentity> KEY = new AttributeKey<>();
    /** The last reason a key was refused, reported once when an unauthenticated session ends. */
    static final AttributeKey<AuthFailure> LAST_REFUSAL = new AttributeKey<>();
    /** Set once a failure was published as it happened, so the end of the session does not report it again. */
    static final AttributeKey<Boolean> FAILURE_REPORTED = new AttributeKey<>();
}
