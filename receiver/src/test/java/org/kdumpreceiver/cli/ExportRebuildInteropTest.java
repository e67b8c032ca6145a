package org.kdumpreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.format.Makedumpfile;
import org.kdumpreceiver.format.SyntheticVmcore;
import org.kdumpreceiver.store.ManifestCodec;

/** export --rebuild against the real makedumpfile -R, on generated dumps and on the real one if present. */
class ExportRebuildInteropTest {
    @TempDir
    Path tmp;

    @Test
    void rebuildEqualsMakedumpfileRAndTruncatedDumpsAreRefused() throws Exception {
        Path vmcore = tmp.resolve("vmcore");
        SyntheticVmcore.small().write(vmcore);
        Path flat = tmp.resolve("flat");
        Makedumpfile.flattened(vmcore, flat, "-c", "-d", "31");
        Path expected = tmp.resolve("expected");
        Makedumpfile.rearrange(flat, expected);

        Path crash = tmp.resolve("crash");
        Path whole = Files.createDirectories(crash.resolve("10.0.2.15-202611221400"));
        Files.copy(flat, whole.resolve("dump.202611221400"));
        Path cut = Files.createDirectories(crash.resolve("10.0.2.16-202611221401"));
        byte[] flatBytes = Files.readAllBytes(flat);
        Files.write(cut.resolve("dump.202611221401"), Arrays.copyOf(flatBytes, flatBytes.length - 16));
        TestData.shared("debian12-sysrq-crash.flattened").ifPresent(real -> copy(real,
                crash.resolve("10.0.2.17-202611221402").resolve("dump.202611221402")));

        Path config = configWithNewKey();
        Cli imported = Cli.run("import", "--config", config.toString(), "--zone", "UTC", crash.toString());
        assertEquals(0, imported.exit(), imported.toString());
        assertTrue(imported.out().contains("dump.202611221400 complete"), imported.out());
        assertTrue(imported.out().contains("dump.202611221401 truncated(no-end-marker)"), imported.out());

        JsonNode manifest = ManifestCodec.json().readTree(Cli.run("dumps", "show", "--config", config.toString(),
                "--json", "10.0.2.15/20261122T140000Z").out());
        assertEquals("flattened/kdump-compressed", manifest.get("files").get(0).get("format").asText());

        Path out = tmp.resolve("out");
        Cli rebuilt = Cli.run("export", "--config", config.toString(), "10.0.2.15/20261122T140000Z", "-i",
                identity.toString(), "-o", out.toString(), "--rebuild");
        assertEquals(0, rebuilt.exit(), rebuilt.toString());
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(out.resolve("dump.202611221400")));

        Path plain = tmp.resolve("plain");
        assertEquals(0, Cli.run("export", "--config", config.toString(), "10.0.2.15/20261122T140000Z", "-i",
                identity.toString(), "-o", plain.toString()).exit());
        assertArrayEquals(flatBytes, Files.readAllBytes(plain.resolve("dump.202611221400")));

        Path refusedOut = tmp.resolve("refused");
        Cli refused = Cli.run("export", "--config", config.toString(), "10.0.2.16/20261122T140100Z", "-i",
                identity.toString(), "-o", refusedOut.toString(), "--rebuild");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("refusing to rebuild dump.202611221401: it is truncated (no-end-marker)"),
                refused.err());
        assertFalse(Files.exists(refusedOut.resolve("dump.202611221401")));

        if (TestData.shared("debian12-sysrq-crash.flattened").isPresent()) {
            Path real = TestData.shared("debian12-sysrq-crash.flattened").get();
            Path realExpected = tmp.resolve("real-expected");
            Makedumpfile.rearrange(real, realExpected);
            Path realOut = tmp.resolve("real-out");
            Cli realRebuilt = Cli.run("export", "--config", config.toString(), "10.0.2.17/20261122T140200Z", "-i",
                    identity.toString(), "-o", realOut.toString(), "--rebuild");
            assertEquals(0, realRebuilt.exit(), realRebuilt.toString());
            assertArrayEquals(Files.readAllBytes(realExpected), Files.readAllBytes(realOut.resolve("dump.202611221402")));
        }
    }

    private Path identity;

    private Path configWithNewKey() throws Exception {
        identity = tmp.resolve("operator.key");
        Cli keygen = Cli.run("keygen", "-o", identity.toString());
        Matcher m = Pattern.compile("Public key: (age1[0-9a-z]+)").matcher(keygen.err());
        assertTrue(m.find(), keygen.toString());
        return Files.writeString(tmp.resolve("config.yaml"), "state_dir: " + tmp.resolve("state") + "\n"
                + "storage:\n  root: " + tmp.resolve("dumps") + "\n  min_free: 0\n"
                + "encryption:\n  recipients: [" + m.group(1) + "]\n");
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
