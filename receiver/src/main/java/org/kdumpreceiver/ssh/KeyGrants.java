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
        try {
            EnrolledKey enrolled = registry.find(fingerprint);
            return enrolled == null ? null : new AuthorizedKeys.Grant(enrolled.fingerprint(), enrolled.host(),
                    enrolled.from() == null ? null : new AddressPattern(enrolled.from()), enrolled.from());
        } catch (IOException e) {
            // Refusing the key is safe; the operator sees why.
            LOG.error("cannot read the host registry {}: {}", registry.path(), e.getMessage());
            return null;
        }
    }

    void reload() {
        authorizedKeys.reload();
    }

    Object describe() {
        return authorizedKeys.file() + " and " + registry.path();
    }
}
