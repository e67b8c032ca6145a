package org.kdumpreceiver.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class IdentityTest {
    @Test
    void generateAndParseRoundTrip() {
        Identity identity = Identity.generate();
        String encoded = identity.encoded();
        assertTrue(encoded.startsWith("AGE-SECRET-KEY-1"), encoded);
        assertEquals(74, encoded.length());
        Identity parsed = Identity.parse(encoded);
        assertEquals(encoded, parsed.encoded());
        assertEquals(identity.recipient(), parsed.recipient());
        assertEquals(identity.recipient(), Identity.parse(encoded.toLowerCase(Locale.ROOT)).recipient());
        assertNotEquals(identity.recipient(), Identity.generate().recipient());
    }

    @Test
    void toStringDoesNotRevealSecret() {
        Identity identity = Identity.generate();
        String shown = identity.toString();
        assertFalse(shown.contains(identity.encoded()), shown);
        assertFalse(shown.toUpperCase(Locale.ROOT).contains(identity.encoded().substring(16, 40)), shown);
        assertTrue(shown.contains(identity.recipient().encoded()), shown);
    }

    @Test
    void rejectsBadIdentitiesWithoutEchoingThem() {
        String secret = Identity.generate().encoded();
        String typo = secret.substring(0, 30) + (secret.charAt(30) == 'Q' ? 'P' : 'Q') + secret.substring(31);
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> Identity.parse(typo));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertFalse(e.getMessage().contains(typo.substring(16)), e.getMessage());

        String publicKey = Identity.generate().recipient().encoded();
        assertTrue(assertThrows(KeyFormatException.class, () -> Identity.parse(publicKey))
                .getMessage().contains("public key, not a secret key"));
        assertTrue(assertThrows(KeyFormatException.class, () -> Identity.parse(""))
                .getMessage().contains("empty"));
        assertTrue(assertThrows(KeyFormatException.class, () -> Identity.parse("-----BEGIN OPENSSH PRIVATE KEY-----"))
                .getMessage().contains("SSH"));
        String shortKey = Bech32.encode("age-secret-key-", new byte[16]).toUpperCase(Locale.ROOT);
        assertTrue(assertThrows(KeyFormatException.class, () -> Identity.parse(shortKey))
                .getMessage().contains("wrong length"));
    }
}
