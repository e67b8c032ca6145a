package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.kdumpreceiver.enrolment.StateOwner;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * The receiver's persistent SSH host keys (Ed25519 and RSA, OpenSSH format, mode 0600) in the state
 * directory. Clients pin them in known_hosts (RHEL and SUSE with StrictHostKeyChecking=yes), so they
 * are made once and never change by themselves.
 */
public final class HostKeys {
    public record Key(String type, Path file, PublicKey publicKey) {
        public String fingerprint() {
            return KeyUtils.getFingerPrint(publicKey);
        }

        public String publicLine() {
            return PublicKeyEntry.toString(publicKey);
        }
    }

    private static final String[][] KINDS = {{"ssh-ed25519", "256", "ssh_host_ed25519_key"},
            {"ssh-rsa", "3072", "ssh_host_rsa_key"}};

    private final List<Key> keys;

    private HostKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Loads the host keys, generating any that is missing. */
    public static HostKeys loadOrCreate(Path stateDir) throws IOException {
        List<Key> keys = new ArrayList<>();
        for (String[] kind : KINDS) {
            Path file = stateDir.resolve(kind[2]);
            if (!Files.exists(file)) {
                generate(kind[0], Integer.parseInt(kind[1]), file);
            }
            keys.add(new Key(kind[0], file, load(file).getPublic()));
        }
        return new HostKeys(keys);
    }

    /** The keys that exist, without making any (for {@code host-key} on a machine that never served). */
    public static HostKeys loadExisting(Path stateDir) throws IOException {
        List<Key> keys = new ArrayList<>();
        for (String[] kind : KINDS) {
            Path file = stateDir.resolve(kind[2]);
            if (Files.exists(file)) {
                keys.add(new Key(kind[0], file, load(file).getPublic()));
            }
        }
        return new HostKeys(keys);
    }

    public List<Key> keys() {
        return keys;
    }

    KeyPairProvider provider() {
        return new FileKeyPairProvider(keys.stream().map(Key::file).toList());
    }

    private static KeyPair load(Path file) throws IOException {
        FileKeyPairProvider provider = new FileKeyPairProvider(file);
        try {
            for (KeyPair pair : provider.loadKeys(null)) {
                return pair;
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot read host key " + file + ": " + e.getMessage(), e);
        }
        throw new IOException("no key in host key file " + file);
    }

    private static void generate(String type, int bits, Path file) throws IOException {
        KeyPair pair;
        try {
            pair = KeyUtils.generateKeyPair(type, bits);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate " + type + " host key: " + e.getMessage(), e);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (OutputStream out = Files.newOutputStream(Files.createFile(tmp,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                StandardOpenOption.WRITE)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "kdump-receiver host key", null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write host key " + file + ": " + e.getMessage(), e);
        }
        StateOwner.adopt(tmp);  // made by `host-key` run as root, the service must still read it
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
