package org.kdumpreceiver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.crypto.Identity;
import org.kdumpreceiver.crypto.IdentityFile;
import org.kdumpreceiver.crypto.Recipient;
import org.kdumpreceiver.enrolment.StateOwner;
import org.kdumpreceiver.store.SealingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recipients every file is sealed to: the configured public keys, or, when none is configured,
 * a local identity kept in the state directory so a fresh install works at once (with a warning,
 * because then the private key sits on the receiver).
 */
final class SealingKeys {
    static final String LOCAL_IDENTITY = "local-identity.txt";
    private static final Logger LOG = LoggerFactory.getLogger("keys");

    private SealingKeys() {}

    static SealingPolicy policy(ReceiverConfig config) throws IOException {
        return new SealingPolicy(recipients(config), config.compression().level(), config.limits().maxFileBytes(),
                config.storage().minFreeBytes());
    }

    static List<Recipient> recipients(ReceiverConfig config) throws IOException {
        if (!config.encryption().recipients().isEmpty()) {
            return config.encryption().recipients().stream().map(Recipient::parse).toList();
        }
        Path file = config.stateDir().resolve(LOCAL_IDENTITY);
        if (!Files.exists(file)) {
            StateDirectory.create(config.stateDir());
            IdentityFile.write(file, Identity.generate());
            StateOwner.adopt(file);  // made by `import` run as root, the service must still read it
        }
        List<Identity> identities = IdentityFile.read(file);
        LOG.warn("NO RECIPIENT CONFIGURED: dumps are sealed to the local identity {} whose PRIVATE KEY IS ON THIS"
                + " RECEIVER; anyone who reads it can open every dump. Run 'kdump-receiver keygen' on an operator"
                + " machine and put its age1... recipient in encryption.recipients.", file.toAbsolutePath().normalize());
        return identities.stream().map(Identity::recipient).toList();
    }
}
