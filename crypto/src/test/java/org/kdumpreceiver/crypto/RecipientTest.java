package org.kdumpreceiver.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class RecipientTest {
    private static final String PREFIX = "not an age X25519 recipient (expected \"age1...\" as printed by age-keygen): ";
    private final String valid = Identity.generate().recipient().encoded();

    @Test
    void parsesValidRecipientAndCanonicalizes() {
        assertEquals(62, valid.length());
        assertEquals(valid, Recipient.parse("  " + valid + "\n").encoded());
        assertEquals(valid, Recipient.parse(valid.toUpperCase(Locale.ROOT)).encoded());
        assertNull(Recipient.problem(valid));
        assertEquals(valid, Recipient.parse(valid).toString());
    }

    @Test
    void checksumMismatch() {
        char last = valid.charAt(valid.length() - 1);
        String typo = valid.substring(0, valid.length() - 1) + (last == 'q' ? 'p' : 'q');
        assertRejected(typo, "checksum mismatch");
        String swapped = valid.substring(0, 10) + valid.charAt(11) + valid.charAt(10) + valid.substring(12);
        if (!swapped.equals(valid)) {
            assertRejected(swapped, "checksum mismatch");
        }
    }

    @Test
    void wrongHrp() {
        assertRejected(Bech32.encode("agf", new byte[32]), "prefix is \"agf1\", not \"age1\"");
        assertRejected(Bech32.encode("age1yubikey", new byte[33]), "plugin recipients are not supported");
    }

    @Test
    void wrongLength() {
        assertRejected(Bech32.encode("age", new byte[31]), "wrong length: key is 31 bytes, expected 32");
        assertRejected(Bech32.encode("age", new byte[33]), "wrong length: key is 33 bytes, expected 32");
        assertRejected(valid.substring(0, 40), "checksum mismatch");
    }

    @Test
    void emptyAndMissing() {
        assertRejected("", "empty");
        assertRejected("   ", "empty");
        assertEquals(PREFIX + "missing", Recipient.problem(null));
        assertThrows(KeyFormatException.class, () -> Recipient.parse(null));
    }

    @Test
    void sshKeyAndSecretKey() {
        assertRejected("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHgXZ1aW8t8xY+8mwFZYg9p4kJ6q2k0P5v2s1n0mD3E root@host",
                "SSH public key");
        assertRejected(Identity.generate().encoded(), "SECRET key");
    }

    @Test
    void badCharactersAndMixedCase() {
        assertRejected(valid.substring(0, 20) + "b" + valid.substring(21), "invalid character 'b' at position 21");
        assertRejected(valid.substring(0, 20) + "Q" + valid.substring(21), "mixes upper and lower case");
        assertRejected("age", "missing \"1\" separator");
    }

    @Test
    void canonicalConstructorValidatesToo() {
        assertThrows(KeyFormatException.class, () -> new Recipient("age1nope"));
    }

    private static void assertRejected(String text, String reason) {
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> Recipient.parse(text));
        assertTrue(e.getMessage().startsWith(PREFIX), e.getMessage());
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
        assertEquals(e.getMessage(), Recipient.problem(text));
        assertTrue(e instanceof IllegalArgumentException);
    }
}
