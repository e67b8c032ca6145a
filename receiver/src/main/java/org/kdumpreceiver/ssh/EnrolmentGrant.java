package org.kdumpreceiver.ssh;

import org.apache.sshd.common.AttributeRepository.AttributeKey;

/**
 * A session authenticated with an enrolment secret instead of a key: it may do the ssh-copy-id steps and
 * nothing else. It has no {@link SessionIdentity}, so no dump command can even find a host tree.
 *
 * @param via {@code token} or {@code password}
 * @param tokenId the token's id, or null for the standing password
 * @param hostName the token's {@code --host}, or null (the key's comment names the host)
 */
record EnrolmentGrant(String via, String tokenId, String hostName, String clientAddress) {
    static final AttributeKey<EnrolmentGrant> KEY = new AttributeKey<>();

    String describe() {
        return tokenId == null ? "via=" + via : "via=" + via + " token=" + tokenId;
    }
}
