package org.kdumpreceiver.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our sealer against the real age CLI and vice versa. */
class AgeInteropTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireAge() {
        AgeCli.binary("age");
        AgeCli.binary("age-keygen");
    }

    @Test
    void ageDecryptsWhatWeSeal() throws Exception {
        Identity identity = Identity.generate();
        Path keyFile = dir.resolve("key.txt");
        IdentityFile.write(keyFile, identity);
        for (int size : new int[] {0, 1, 65536, 65537, 2 * 1024 * 1024 + 3}) {
            byte[] plaintext = Sealed.random(size, size);
            Path sealed = dir.resolve("dump-" + size + ".age");
            try (OutputStream out = Sealer.seal(Files.newOutputStream(sealed),
                    List.of(Identity.generate().recipient(), identity.recipient()))) {
                out.write(plaintext);
            }
            Path decrypted = dir.resolve("dump-" + size);
            AgeCli.run("age", "-d", "-i", keyFile.toString(), "-o", decrypted.toString(), sealed.toString());
            // age creates its -o file lazily, on the first plaintext byte.
            byte[] got = size == 0 && !Files.exists(decrypted) ? new byte[0] : Files.readAllBytes(decrypted);
            assertArrayEquals(plaintext, got, "size " + size);
        }
    }

    @Test
    void weOpenWhatAgeEncryptsWithDashR() throws Exception {
        Identity identity = Identity.generate();
        Identity other = Identity.generate();
        for (int size : new int[] {0, 1, 65536, 3 * 65536 + 5}) {
            byte[] plaintext = Sealed.random(size, size + 1);
            Path input = Files.write(dir.resolve("plain-" + size), plaintext);
            Path sealed = dir.resolve("plain-" + size + ".age");
            AgeCli.run("age", "-r", other.recipient().encoded(), "-r", identity.recipient().encoded(),
                    "-o", sealed.toString(), input.toString());
            assertArrayEquals(plaintext, open(sealed, identity), "size " + size);
            assertArrayEquals(plaintext, open(sealed, other), "size " + size);
            assertThrows(NoMatchingIdentityException.class, () -> open(sealed, Identity.generate()));
        }
    }

    @Test
    void weOpenWhatAgeEncryptsWithRecipientsFile() throws Exception {
        Identity identity = Identity.generate();
        Path recipients = Files.writeString(dir.resolve("recipients.txt"), "# operators\n"
                + Identity.generate().recipient().encoded() + "\n\n" + identity.recipient().encoded() + "\n");
        byte[] plaintext = Sealed.random(100_000, 5);
        Path input = Files.write(dir.resolve("plain"), plaintext);
        Path sealed = dir.resolve("plain.age");
        AgeCli.run("age", "-R", recipients.toString(), "-o", sealed.toString(), input.toString());
        assertArrayEquals(plaintext, open(sealed, identity));
    }

    @Test
    void ageKeygenFileIsReadAndMatchesItsPublicKey() throws Exception {
        Path keyFile = dir.resolve("keygen.txt");
        AgeCli.run("age-keygen", "-o", keyFile.toString());
        List<Identity> identities = IdentityFile.read(keyFile);
        assertEquals(1, identities.size());
        String publicKey = Files.readAllLines(keyFile).stream().filter(l -> l.startsWith("# public key: "))
                .findFirst().orElseThrow().substring("# public key: ".length());
        assertEquals(publicKey, identities.get(0).recipient().encoded());
        assertEquals(publicKey, AgeCli.run("age-keygen", "-y", keyFile.toString()).strip());

        byte[] plaintext = Sealed.random(70_000, 11);
        Path sealed = dir.resolve("x.age");
        try (OutputStream out = Sealer.seal(Files.newOutputStream(sealed), List.of(Recipient.parse(publicKey)))) {
            out.write(plaintext);
        }
        Path decrypted = dir.resolve("x");
        AgeCli.run("age", "-d", "-i", keyFile.toString(), "-o", decrypted.toString(), sealed.toString());
        assertArrayEquals(plaintext, Files.readAllBytes(decrypted));
    }

    @Test
    void identityFileWeWriteIsUsableByAge() throws Exception {
        Identity identity = Identity.generate();
        Path keyFile = dir.resolve("ours.txt");
        IdentityFile.write(keyFile, identity);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keyFile)));
        assertEquals(identity.recipient().encoded(), AgeCli.run("age-keygen", "-y", keyFile.toString()).strip());

        byte[] plaintext = Sealed.random(1000, 12);
        Path input = Files.write(dir.resolve("p"), plaintext);
        Path sealed = dir.resolve("p.age");
        AgeCli.run("age", "-r", identity.recipient().encoded(), "-o", sealed.toString(), input.toString());
        Path decrypted = dir.resolve("p.out");
        AgeCli.run("age", "-d", "-i", keyFile.toString(), "-o", decrypted.toString(), sealed.toString());
        assertArrayEquals(plaintext, Files.readAllBytes(decrypted));
        assertArrayEquals(plaintext, open(sealed, IdentityFile.read(keyFile).get(0)));
    }

    @Test
    void ageAlsoRejectsOurTruncatedFile() throws Exception {
        Identity identity = Identity.generate();
        Path keyFile = dir.resolve("key.txt");
        IdentityFile.write(keyFile, identity);
        byte[] sealed = Sealed.seal(Sealed.random(3 * 65536, 1), identity.recipient());
        Path cut = Files.write(dir.resolve("cut.age"), java.util.Arrays.copyOf(sealed, sealed.length - 65536 - 16));
        AgeCli.Result result = AgeCli.exec("age", "-d", "-i", keyFile.toString(), "-o",
                dir.resolve("cut").toString(), cut.toString());
        assertNotEquals(0, result.exitCode(), "age accepted a truncated file");
        TruncatedSealException ours = assertThrows(TruncatedSealException.class, () -> open(cut, identity));
        assertTrue(ours.getMessage().contains("truncated"), ours.getMessage());
    }

    private static byte[] open(Path sealed, Identity identity) throws IOException {
        try (InputStream in = Opener.open(Files.newInputStream(sealed), List.of(identity))) {
            return in.readAllBytes();
        }
    }
}
