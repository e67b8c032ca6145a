package org.kdumpreceiver.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads and writes age identity files (the format of {@code age-keygen -o}). */
public final class IdentityFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private IdentityFile() {}

    /**
     * Reads every identity in {@code file}, skipping blank lines and '#' comments.
     *
     * @throws KeyFormatException naming the file and line if a line is not an X25519 identity,
     *         or if the file holds no identity at all
     */
    public static List<Identity> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new KeyFormatException("identity file " + file + " is not a text file (expected lines"
                    + " \"AGE-SECRET-KEY-1...\" as written by age-keygen)");
        }
        List<Identity> identities = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                identities.add(Identity.parse(line));
            } catch (KeyFormatException e) {
                // The line itself is not quoted: it may be a secret with a typo.
                throw new KeyFormatException("identity file " + file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (identities.isEmpty()) {
            throw new KeyFormatException("identity file " + file + " contains no identity (expected a line"
                    + " \"AGE-SECRET-KEY-1...\" as written by age-keygen)");
        }
        return identities;
    }

    /**
     * Writes {@code identity} like {@code age-keygen -o}. The file is created with mode 0600 atomically,
     * never exposing the secret under wider permissions, and an existing file is never overwritten.
     */
    public static void write(Path file, Identity identity) throws IOException {
        String text = "# created: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n"
                + "# public key: " + identity.recipient().encoded() + "\n"
                + identity.encoded() + "\n";
        FileChannel channel;
        try {
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(file.toString(), null,
                    "refusing to overwrite an existing identity file; move it away or choose another path");
        } catch (UnsupportedOperationException e) {
            throw new IOException("cannot create identity file " + file
                    + " with owner-only (0600) permissions: the file system does not support POSIX permissions", e);
        }
        boolean complete = false;
        try (OutputStream out = Channels.newOutputStream(channel)) {
            // The creation mode is filtered by the umask; this only ever narrows it back to exactly 0600.
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            channel.force(true);
            complete = true;
        } finally {
            if (!complete) {
                Files.deleteIfExists(file);
            }
        }
    }
}
