package org.kdumpreceiver.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityFileTest {
    @TempDir
    Path dir;

    @Test
    void writesLikeAgeKeygenWithOwnerOnlyMode() throws IOException {
        Identity identity = Identity.generate();
        Path file = dir.resolve("key.txt");
        IdentityFile.write(file, identity);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).matches("# created: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), lines.get(0));
        assertEquals("# public key: " + identity.recipient().encoded(), lines.get(1));
        assertEquals(identity.encoded(), lines.get(2));
        assertTrue(Files.readString(file).endsWith("\n"));
        assertEquals(identity.recipient(), IdentityFile.read(file).get(0).recipient());
    }

    @Test
    void refusesToOverwrite() throws IOException {
        Path file = Files.writeString(dir.resolve("key.txt"), "precious\n");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> IdentityFile.write(file, Identity.generate()));
        assertTrue(e.getMessage().contains("refusing to overwrite"), e.getMessage());
        assertEquals("precious\n", Files.readString(file));
    }

    @Test
    void readsCommentsBlankLinesCrlfAndSeveralKeys() throws IOException {
        Identity a = Identity.generate();
        Identity b = Identity.generate();
        Path file = Files.writeString(dir.resolve("keys.txt"),
                "# created: whenever\r\n\r\n   \n" + a.encoded() + "\r\n# second\n  " + b.encoded() + "  \n");
        List<Identity> read = IdentityFile.read(file);
        assertEquals(List.of(a.recipient(), b.recipient()), read.stream().map(Identity::recipient).toList());
    }

    @Test
    void badLineNamesFileAndLineWithoutEchoingSecret() throws IOException {
        String secret = Identity.generate().encoded();
        String damaged = secret.substring(0, 40) + (secret.charAt(40) == 'Q' ? 'P' : 'Q') + secret.substring(41);
        Path file = Files.writeString(dir.resolve("keys.txt"), "# comment\n\n" + damaged + "\n");
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> IdentityFile.read(file));
        assertTrue(e.getMessage().contains(file + " line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertFalse(e.getMessage().contains(damaged.substring(20)), e.getMessage());
    }

    @Test
    void fileWithoutIdentity() throws IOException {
        Path file = Files.writeString(dir.resolve("empty.txt"), "# only a comment\n\n");
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> IdentityFile.read(file));
        assertTrue(e.getMessage().contains(file + " contains no identity"), e.getMessage());
        Path binary = Files.write(dir.resolve("dump.age"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertTrue(assertThrows(KeyFormatException.class, () -> IdentityFile.read(binary)).getMessage()
                .contains("is not a text file"));
        Path missing = dir.resolve("missing.txt");
        assertThrows(java.nio.file.NoSuchFileException.class, () -> IdentityFile.read(missing));
    }
}
