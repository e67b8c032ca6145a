package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.kdumpreceiver.enrolment.EnrolledKey;
import org.kdumpreceiver.enrolment.HostRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every key that may upload: the operator's {@code ssh.authorized_keys} first (it may say more, e.g.
 * {@code host=}), then the enrolled hosts' registry. Both are re-read when their files change.
 */
final class KeyGrants {
    private static final Logger LOG = LoggerFactory.getLogger("ssh");

    private final AuthorizedKeys authorizedKeys;
    private final HostRegistry registry;

    KeyGrants(AuthorizedKeys authorizedKeys, HostRegistry registry) {
        this.authorizedKeys = authorizedKeys;
        this.registry = registry;
    }

    AuthorizedKeys.Grant find(PublicKey key) {
        AuthorizedKeys.Grant grant = authorizedKeys.find(key);
        return grant != null ? grant : find(KeyUtils.getFingerPrint(key));
    }

    /** The grant for a fingerprint ({@code SHA256:...}) from either source, or null. */
    AuthorizedKeys.Grant find(String fingerprint) {
        AuthorizedKeys.Grant grant = authorizedKeys.byFingerprint(fingerprint);
        if (grant != null) {
            return grant;
        }
        EnrolledKey enrolled;
        try {
            enrolled = registry.find(fingerprint);
        } catch (IOException e) {
            // Refusing the key is safe; the operator sees why.
            LOG.error("cannot read the host registry {}: {}", registry.path(), e.getMessage());
            return null;
        }
        if (enrolled == null) {
            return null;
        }
        AddressPattern from = null;
        if (enrolled.from() != null) {
            try {
                from = AddressPattern.parse(enrolled.from());
            } catch (IllegalArgumentException e) {
                // As OpenSSH does with a from= it cannot match: the key is refused, never usable from anywhere.
                LOG.error("{}: key {} of host {} refused: its from is unusable: {}; revoke it and enrol again",
                        registry.path(), enrolled.fingerprint(), enrolled.host(), e.getMessage());
                return null;
            }
        }
        return new AuthorizedKeys.Grant(enrolled.fingerprint(), enrolled.host(), from, enrolled.from());
    }

    void reload() {
        authorizedKeys.reload();
    }

    Object describe() {
        return authorizedKeys.file() + " and " + registry.path();
    }
}
