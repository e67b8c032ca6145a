package org.kdumpreceiver.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hand-built vector through the real age CLI: it decrypts the valid ones to the builder's
 * plaintext and refuses every broken one. That proves {@link AgeVector} writes age as age reads it,
 * that each broken vector breaks a rule the reference implementation enforces too, and that age
 * writes out, before failing, exactly the plaintext a case expects the opener to release.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // only to stop a hang; each age run has its own 60 s cap
class SpecVectorsAgeCliTest {
    private static final Identity IDENTITY = Identity.generate();

    @TempDir
    static Path dir;
    private static Path keyFile;

    @BeforeAll
    static void writeIdentity() throws IOException {
        AgeCli.binary("age");
        keyFile = dir.resolve("key.txt");
        IdentityFile.write(keyFile, IDENTITY);
    }

    static Stream<SpecCase> everyRule() {
        byte[] key = IDENTITY.recipient().key();
        return Stream.of(HeaderRules.cases(key), X25519Rules.cases(key), StreamRules.cases(key))
                .flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRule")
    void ageAgrees(SpecCase rule) throws Exception {
        AgeVector vector = rule.file().get();
        Path sealed = Files.write(dir.resolve("vector.age"), vector.bytes());
        Path out = dir.resolve("vector.out");
        Files.deleteIfExists(out);
        AgeCli.Result result = AgeCli.exec("age", "-d", "-i", keyFile.toString(), "-o", out.toString(),
                sealed.toString());
        if (rule.outcome() == SpecCase.Outcome.OPENS) {
            assertEquals(0, result.exitCode(), result.stderr());
            // age creates its -o file lazily, on the first plaintext byte.
            assertArrayEquals(vector.plaintext(), Files.exists(out) ? Files.readAllBytes(out) : new byte[0]);
        } else {
            assertNotEquals(0, result.exitCode(), "age accepted it");
            // age writes each chunk as it authenticates: the same plaintext the opener must release first.
            byte[] released = Files.exists(out) ? Files.readAllBytes(out) : new byte[0];
            assertArrayEquals(Arrays.copyOf(vector.plaintext(), rule.released()), released, result.stderr());
        }
    }
}
