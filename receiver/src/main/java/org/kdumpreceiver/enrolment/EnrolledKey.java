package org.kdumpreceiver.enrolment;

import java.time.Instant;

/**
 * One key in the host registry.
 *
 * @param keyLine the public key line as enrolled ({@code type base64 [comment]})
 * @param from where the key may be used from: a CIDR block (the enrolling address widened by
 *     {@code enrolment.bind_prefix_*}) or an OpenSSH {@code from=} pattern list given to {@code hosts add}
 * @param enrolledFrom the address it enrolled from, or null for {@code hosts add}
 * @param tokenId the token it enrolled with, or null
 * @param via {@code token}, {@code password} or {@code cli}
 */
public record EnrolledKey(String host, String keyLine, String type, String fingerprint, String from,
        Instant enrolledAt, String enrolledFrom, String tokenId, String via) {
}
