package org.kdumpreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.store.ManifestCodec;

/** The operator's commands, run as the launcher runs them, checked with the real age binary. */
class CliInteropTest {
    @TempDir
    Path tmp;

    Path config;
    Path identity;
    String recipient;

    @BeforeEach
    void configWithOwnRecipient() throws Exception {
        identity = tmp.resolve("operator.key");
        Cli keygen = Cli.run("keygen", "-o", identity.toString());
        assertEquals(0, keygen.exit(), keygen.toString());
        Matcher m = Pattern.compile("Public key: (age1[0-9a-z]+)").matcher(keygen.err());
        assertTrue(m.find(), keygen.toString());
        recipient = m.group(1);
        config = tmp.resolve("config.yaml");
        Files.writeString(config, "state_dir: " + tmp.resolve("state") + "\n"
                + "storage:\n  root: " + tmp.resolve("dumps") + "\n  min_free: 0\n"
                + "encryption:\n  recipients:\n    - " + recipient + "\n");
    }

    @Test
    void keygenWritesAPrivateIdentityThatTheRealAgeUses() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(identity)));
        Path plain = Files.write(tmp.resolve("plain"), TestData.dmesgText());
        String age = Programs.require("age", "age");
        Programs.Result r = Programs.shell(age + " -r " + recipient + " '" + plain + "' | " + age + " -d -i '"
                + identity + "'");
        assertEquals(0, r.exit(), r.stderr());
        assertArrayEquals(TestData.dmesgText(), r.stdout());
        Cli again = Cli.run("keygen", "-o", identity.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains(identity.toString()), again.toString());

        Cli toStdout = Cli.run("keygen");
        assertEquals(0, toStdout.exit());
        assertTrue(toStdout.out().matches("(?s)# created: .*\n# public key: age1.*\nAGE-SECRET-KEY-1[0-9A-Z]+\n"),
                toStdout.out());
    }

    @Test
    void checkConfigPrintsTheEffectiveConfigOrEveryError() throws Exception {
        Cli ok = Cli.run("check-config", "--config", config.toString());
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().contains(recipient), ok.out());
        assertTrue(ok.out().contains(tmp.resolve("dumps").toString()), ok.out());

        Cli embedded = Cli.run("check-config");
        assertEquals(0, embedded.exit(), embedded.toString());
        assertTrue(embedded.out().contains("127.0.0.1:2222"), embedded.out());

        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "storage:\n  root: " + tmp.resolve("d") + "\n"
                + "encryption:\n  recipients:\n    - age1notarealkey\n"
                + "limits:\n  max_file_size: 12QB\n"
                + "compresion:\n  level: 3\n");
        Cli errors = Cli.run("check-config", "--config", bad.toString());
        assertEquals(1, errors.exit(), errors.toString());
        assertTrue(errors.err().contains(bad + ":5: encryption.recipients[0]"), errors.err());
        assertTrue(errors.err().contains(bad + ":7: limits.max_file_size"), errors.err());
        assertTrue(errors.err().contains(bad + ":8: compresion: unknown key; did you mean compression?"), errors.err());
        assertTrue(errors.err().contains("12QB"), errors.err());
    }

    @Test
    void importListShowVerifyExport() throws Exception {
        Path crash = Files.createDirectories(tmp.resolve("var-crash"));
        Path debian = Files.createDirectories(crash.resolve("10.0.2.15-202611221400"));
        byte[] dump = TestData.random(1_500_000, 30);
        Files.write(debian.resolve("dump.202611221400"), dump);
        Files.write(debian.resolve("dmesg.202611221400"), TestData.dmesgText());
        Path rhel = Files.createDirectories(crash.resolve("192.168.1.5-2026-11-22-14:00:07"));
        Files.write(rhel.resolve("vmcore-dmesg.txt"), TestData.dmesgText());
        Path suse = Files.createDirectories(crash.resolve("web-17-2026-11-22-14-00"));
        Files.writeString(suse.resolve("README.txt"), "partial dump\n");
        Files.createDirectories(crash.resolve("not-a-dump"));

        Cli imported = Cli.run("import", "--config", config.toString(), "--zone", "UTC", crash.toString());
        assertEquals(0, imported.exit(), imported.toString());
        assertTrue(imported.out().contains("as 10.0.2.15/20261122T140000Z"), imported.out());
        assertTrue(imported.out().contains("as 192.168.1.5/20261122T140007Z"), imported.out());
        assertTrue(imported.out().contains("as web-17/20261122T140000Z"), imported.out());
        assertTrue(Files.isRegularFile(debian.resolve("dump.202611221400")), "import leaves the originals alone");

        Cli again = Cli.run("import", "--config", config.toString(), "--zone", "UTC", crash.toString());
        assertEquals(0, again.exit());
        assertTrue(again.out().contains("already imported as 10.0.2.15/20261122T140000Z"), again.out());

        Cli list = Cli.run("dumps", "list", "--config", config.toString(), "--json");
        assertEquals(0, list.exit(), list.toString());
        JsonNode dumps = ManifestCodec.json().readTree(list.out());
        assertEquals(3, dumps.size());
        JsonNode first = dumps.get(0);
        assertEquals("10.0.2.15/20261122T140000Z", first.get("id").asText());
        assertEquals("10.0.2.15", first.get("host").asText());
        assertEquals("20261122T140000Z", first.get("stamp").asText());
        assertEquals("import", first.get("protocol").asText());
        JsonNode dumpFile = first.get("files").get(1);
        assertEquals("dump.202611221400", dumpFile.get("name").asText());
        assertEquals("dump.202611221400.zst.age", dumpFile.get("stored_name").asText());
        assertEquals("unknown", dumpFile.get("verdict").asText());
        assertEquals(dump.length, dumpFile.get("bytes_in").asLong());
        for (String field : List.of("reason", "bytes_stored", "sha256")) {
            assertTrue(dumpFile.has(field), field);
        }
        Cli table = Cli.run("dumps", "list", "--config", config.toString());
        assertTrue(table.out().contains("192.168.1.5/20261122T140007Z"), table.out());
        Cli show = Cli.run("dumps", "show", "--config", config.toString(), "10.0.2.15/20261122T140000Z");
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().contains("client_dir:      " + debian), show.out());

        Cli verify = Cli.run("verify", "--config", config.toString());
        assertEquals(0, verify.exit(), verify.toString());
        assertTrue(verify.out().contains("4 file(s) ok, 0 problem(s)"), verify.out());

        Path out = tmp.resolve("out");
        Cli export = Cli.run("export", "--config", config.toString(), "10.0.2.15/20261122T140000Z",
                "--identity", identity.toString(), "-o", out.toString());
        assertEquals(0, export.exit(), export.toString());
        assertArrayEquals(dump, Files.readAllBytes(out.resolve("dump.202611221400")));
        assertArrayEquals(TestData.dmesgText(), Files.readAllBytes(out.resolve("dmesg.202611221400")));
    }

    @Test
    void verifyAndExportCatchAFlippedByteAndAMissingFile() throws Exception {
        Path crash = Files.createDirectories(tmp.resolve("crash/10.0.2.15-202611221400"));
        byte[] dump = TestData.random(400_000, 31);
        Files.write(crash.resolve("dump.202611221400"), dump);
        Files.write(crash.resolve("dmesg.202611221400"), TestData.dmesgText());
        assertEquals(0, Cli.run("import", "--config", config.toString(), "--zone", "UTC", crash.toString()).exit());
        String id = "10.0.2.15/20261122T140000Z";
        Path stored = tmp.resolve("dumps").resolve(id).resolve("dump.202611221400.zst.age");

        byte[] sealed = Files.readAllBytes(stored);
        sealed[sealed.length / 2] ^= 0x01;
        Files.write(stored, sealed);
        Cli verify = Cli.run("verify", "--config", config.toString(), id);
        assertEquals(1, verify.exit(), verify.toString());
        assertTrue(verify.out().contains("MODIFIED  dump.202611221400.zst.age: sha256"), verify.out());
        assertTrue(verify.out().contains("1 file(s) ok, 1 problem(s)"), verify.out());

        Path out = tmp.resolve("out");
        Cli export = Cli.run("export", "--config", config.toString(), id, "--identity", identity.toString(),
                "-o", out.toString());
        assertEquals(1, export.exit(), export.toString());
        assertTrue(export.err().contains("stored file dump.202611221400.zst.age of dump " + id + " is corrupted"),
                export.err());
        assertFalse(Files.exists(out.resolve("dump.202611221400")), "no half-decrypted output is left behind");
        assertTrue(Files.exists(out.resolve("dmesg.202611221400")), "the intact file still exports");

        Files.delete(stored);
        Cli missing = Cli.run("verify", "--config", config.toString(), id);
        assertEquals(1, missing.exit());
        assertTrue(missing.out().contains("MISSING   dump.202611221400.zst.age"), missing.out());
    }

    @Test
    void exportWithoutTheRightIdentityIsRefusedClearly() throws Exception {
        Path crash = Files.createDirectories(tmp.resolve("crash/10.0.2.15-202611221400"));
        Files.write(crash.resolve("dmesg.202611221400"), TestData.dmesgText());
        assertEquals(0, Cli.run("import", "--config", config.toString(), "--zone", "UTC", crash.toString()).exit());
        String id = "10.0.2.15/20261122T140000Z";

        Path other = tmp.resolve("other.key");
        assertEquals(0, Cli.run("keygen", "-o", other.toString()).exit());
        Cli wrong = Cli.run("export", "--config", config.toString(), id, "--identity", other.toString(),
                "-o", tmp.resolve("o1").toString());
        assertEquals(1, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().contains("cannot open dump " + id), wrong.err());
        assertTrue(wrong.err().contains(recipient), "names the recipient it is sealed to: " + wrong.err());

        Cli none = Cli.run("export", "--config", config.toString(), id, "-o", tmp.resolve("o2").toString());
        assertEquals(2, none.exit(), none.toString());
        assertTrue(none.err().contains("Missing required option: '--identity=FILE'"), none.err());

        Cli absent = Cli.run("export", "--config", config.toString(), id, "--identity",
                tmp.resolve("nope.key").toString(), "-o", tmp.resolve("o3").toString());
        assertEquals(1, absent.exit());
        assertTrue(absent.err().contains("nope.key"), absent.err());

        Cli noDump = Cli.run("export", "--config", config.toString(), "10.0.2.15/20990101T000000Z", "--identity",
                identity.toString());
        assertEquals(1, noDump.exit());
        assertTrue(noDump.err().contains("no dump '10.0.2.15/20990101T000000Z'"), noDump.err());
    }

    static String text(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
