package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys allowed to upload dumps, from an OpenSSH authorized_keys file ({@code ssh.authorized_keys}).
 * Honoured options: {@code from="..."} (address patterns) and {@code host="NAME"} (the host identity
 * this key's dumps are filed under); otherwise the comment's host part ({@code root@web-17} gives
 * {@code web-17}). The file is re-read when it changes, checked at each authentication, and on
 * SIGHUP.
 */
final class AuthorizedKeys {
    private static final Logger LOG = LoggerFactory.getLogger("ssh");

    /** One authorized key: who it is, and from where it may be used. */
    record Grant(String fingerprint, String hostName, AddressPattern from, String fromText) {
        boolean allows(String address) {
            return from == null || from.matches(address);
        }
    }

    private final Path file;
    private volatile Map<String, Grant> byFingerprint = Map.of();
    private FileTime loadedAt;
    private boolean warnedMissing;

    AuthorizedKeys(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The grant for {@code key}, re-reading the file first if it changed. */
    Grant find(PublicKey key) {
        reloadIfChanged();
        return byFingerprint.get(KeyUtils.getFingerPrint(key));
    }

    /** The grant for a fingerprint ({@code SHA256:...}), re-reading the file first if it changed. */
    Grant byFingerprint(String fingerprint) {
        reloadIfChanged();
        return byFingerprint.get(fingerprint);
    }

    synchronized void reloadIfChanged() {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            if (loadedAt != null || !warnedMissing) {
                LOG.warn("ssh.authorized_keys {} does not exist: no host can log in until keys are added", file);
                warnedMissing = true;
            }
            byFingerprint = Map.of();
            loadedAt = null;
            return;
        } catch (IOException e) {
            LOG.error("cannot read ssh.authorized_keys {}: {}; keeping the keys read before", file, e.toString());
            return;
        }
        if (modified.equals(loadedAt)) {
            return;
        }
        reload(modified);
    }

    synchronized void reload() {
        loadedAt = null;
        reloadIfChanged();
    }

    private void reload(FileTime modified) {
        Map<String, Grant> next = new HashMap<>();
        int lineNo = 0;
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            LOG.error("cannot read ssh.authorized_keys {}: {}; keeping the keys read before", file, e.toString());
            return;
        }
        for (String line : lines) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            try {
                AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(trimmed);
                PublicKey key = entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
                Map<String, String> options = entry.getLoginOptions();
                String from = options.get("from");
                String hostName = options.getOrDefault("host", hostFromComment(entry.getComment()));
                if (hostName != null) {
                    new org.kdumpreceiver.store.HostIdentity(hostName);
                }
                AddressPattern pattern = from == null ? null : AddressPattern.parse(from);
                next.put(KeyUtils.getFingerPrint(key), new Grant(KeyUtils.getFingerPrint(key), hostName, pattern, from));
            } catch (Exception e) {
                LOG.error("{}:{}: skipped: {}", file, lineNo, e.getMessage());
            }
        }
        byFingerprint = Map.copyOf(next);
        loadedAt = modified;
        warnedMissing = false;
        LOG.info("authorized keys loaded file={} keys={}", file, next.size());
    }

    /** {@code root@web-17} gives {@code web-17}; a comment without '@' names no host. */
    static String hostFromComment(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        String c = comment.strip().split("\\s+")[0];
        if (!c.contains("@")) {
            return null;
        }
        String host = c.substring(c.lastIndexOf('@') + 1);
        try {
            return new org.kdumpreceiver.store.HostIdentity(host).name();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
