package org.kdumpreceiver.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.cli.Main;
import picocli.CommandLine;

/**
 * The .deb the build made, read with dpkg-deb and judged by lintian; the packaged jar and config are
 * run. Reproducibility (two builds, one sha256) is a manual check: package/README.md.
 */
class DebPackageInteropTest {
    private static final Path DEB = Path.of(System.getProperty("kdump.deb", "target/missing.deb"));
    private static final String VERSION = System.getProperty("kdump.deb.version", "");
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path tmp;
    static Path root;
    static Path control;

    @BeforeAll
    static void extract() {
        assertTrue(Files.isRegularFile(DEB), DEB + " not built (mvn verify builds it in the package phase)");
        root = tmp.resolve("root");
        control = tmp.resolve("control");
        ok(List.of(require("dpkg-deb", "dpkg"), "-x", DEB.toString(), root.toString()));
        ok(List.of(require("dpkg-deb", "dpkg"), "-e", DEB.toString(), control.toString()));
    }

    @Test
    void controlFields() {
        Map<String, String> f = fields(ok(List.of(require("dpkg-deb", "dpkg"), "-f", DEB.toString())));
        assertEquals("kdump-receiver", f.get("Package"));
        assertTrue(VERSION.matches("[0-9][0-9.]*(~[A-Za-z0-9.]+)*-[0-9]+"), VERSION);
        assertEquals(VERSION, f.get("Version"));
        assertEquals("all", f.get("Architecture"));
        assertEquals("admin", f.get("Section"));
        assertEquals("optional", f.get("Priority"));
        assertTrue(f.get("Depends").startsWith("default-jre-headless (>= 2:1.17) | java17-runtime-headless"), f.get("Depends"));
        assertTrue(f.get("Maintainer").matches(".+ <[^ ]+@[^ ]+>"), f.get("Maintainer"));
        assertTrue(f.get("Description").lines().count() > 3, "a long description");
        assertTrue(DEB.getFileName().toString().equals("kdump-receiver_" + VERSION + "_all.deb"), DEB.toString());
    }

    @Test
    void changelogEntryIsThePackageVersion() throws IOException {
        Path changelog = root.resolve("usr/share/doc/kdump-receiver/changelog.Debian.gz");
        String first;
        try (var in = new GZIPInputStream(Files.newInputStream(changelog))) {
            first = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        }
        assertTrue(first.startsWith("kdump-receiver (" + VERSION + ") "),
                "a new version needs a new entry in package/src/deb/doc/changelog.Debian: " + first);
    }

    @Test
    void fileListModesAndOwners() {
        String listing = ok(List.of(require("dpkg-deb", "dpkg"), "--contents", DEB.toString()));
        Map<String, String> modes = new LinkedHashMap<>();
        for (String line : listing.lines().toList()) {
            String[] cols = line.trim().split("\\s+");
            assertEquals("root/root", cols[1], line);
            modes.put(cols[5].replaceFirst("^\\.", "").replaceFirst("/$", ""), cols[0]);
        }
        Map<String, String> expected = Map.of(
                "/usr/share/kdump-receiver/kdump-receiver.jar", "-rw-r--r--",
                "/usr/bin/kdump-receiver", "-rwxr-xr-x",
                "/lib/systemd/system/kdump-receiver.service", "-rw-r--r--",
                "/usr/lib/sysusers.d/kdump-receiver.conf", "-rw-r--r--",
                "/usr/lib/tmpfiles.d/kdump-receiver.conf", "-rw-r--r--",
                "/etc/kdump-receiver/config.yaml", "-rw-r--r--",
                "/etc/kdump-receiver/authorized_keys", "-rw-r--r--",
                "/usr/share/bash-completion/completions/kdump-receiver", "-rw-r--r--",
                "/usr/share/doc/kdump-receiver/copyright", "-rw-r--r--",
                "/usr/share/lintian/overrides/kdump-receiver", "-rw-r--r--");
        expected.forEach((path, mode) -> assertEquals(mode, modes.get(path), path));
        assertEquals("-rw-r--r--", modes.get("/usr/share/man/man8/kdump-receiver.8.gz"));
        assertEquals("-rw-r--r--", modes.get("/usr/share/doc/kdump-receiver/changelog.Debian.gz"));
        for (String path : modes.keySet()) {
            // The daemon's data is made at run time, never shipped (and never removed by purge).
            assertFalse(path.startsWith("/srv") || path.startsWith("/var"), path);
        }
        assertEquals(0L, sizeOf("etc/kdump-receiver/authorized_keys"));
    }

    @Test
    void controlArchive() throws IOException {
        assertEquals(Set.of("/etc/kdump-receiver/config.yaml", "/etc/kdump-receiver/authorized_keys"),
                new TreeSet<>(Files.readAllLines(control.resolve("conffiles"))));
        List<String> md5 = Files.readAllLines(control.resolve("md5sums"));
        assertTrue(md5.stream().anyMatch(l -> l.endsWith(" usr/share/kdump-receiver/kdump-receiver.jar")), md5.toString());
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path p = control.resolve(script);
            assertTrue(Files.isExecutable(p), script);
            ok(List.of("/bin/sh", "-n", p.toString()));
        }
        // Received dumps outlive the package, whatever is purged.
        for (String line : Files.readAllLines(control.resolve("postrm"))) {
            assertFalse(!line.strip().startsWith("#") && line.contains("/srv"), "postrm must not touch /srv: " + line);
        }
    }

    @Test
    void systemdFilesAreTheRepositorysUnchanged() throws IOException {
        same("systemd/kdump-receiver.service", "lib/systemd/system/kdump-receiver.service");
        same("systemd/kdump-receiver.sysusers", "usr/lib/sysusers.d/kdump-receiver.conf");
        same("systemd/kdump-receiver.tmpfiles", "usr/lib/tmpfiles.d/kdump-receiver.conf");
    }

    @Test
    void unitTmpfilesAndConfigAgreeOnPaths() throws IOException {
        String unit = Files.readString(root.resolve("lib/systemd/system/kdump-receiver.service"));
        String tmpfiles = Files.readString(root.resolve("usr/lib/tmpfiles.d/kdump-receiver.conf"));
        String config = Files.readString(root.resolve("etc/kdump-receiver/config.yaml"));
        assertTrue(unit.contains("StateDirectory=kdump-receiver\n"));
        assertTrue(config.contains("\nstate_dir: /var/lib/kdump-receiver\n"));
        assertTrue(unit.contains("ReadWritePaths=/srv/kdump\n"));
        assertTrue(tmpfiles.contains("\nd /srv/kdump "));
        assertTrue(config.contains("\n  root: /srv/kdump\n"));
        assertTrue(unit.contains(" -jar /usr/share/kdump-receiver/kdump-receiver.jar serve --config /etc/kdump-receiver/config.yaml\n"));
        assertTrue(config.contains("\n  authorized_keys: /etc/kdump-receiver/authorized_keys\n"));
    }

    @Test
    void packagedJarPrintsTheBuildsVersion() {
        String out = ok(List.of(java(), "-jar", jar(), "--version"));
        assertEquals("kdump-receiver " + VERSION.replaceFirst("-[0-9]+$", "").replace('~', '-'), out.strip());
    }

    @Test
    void shippedConfigFailsOnlyForItsPlaceholderRecipient() throws IOException {
        String config = Files.readString(root.resolve("etc/kdump-receiver/config.yaml"))
                .replace("/var/lib/kdump-receiver", tmp.resolve("state").toString())
                .replace("/srv/kdump", tmp.resolve("dumps").toString())
                .replace("/etc/kdump-receiver/authorized_keys", root.resolve("etc/kdump-receiver/authorized_keys").toString());
        Path asShipped = tmp.resolve("as-shipped.yaml");
        Files.writeString(asShipped, config);
        Result r = run(List.of(java(), "-jar", jar(), "check-config", "--config", asShipped.toString()));
        String said = r.out() + r.err();
        assertEquals(1, r.exit(), said);
        assertTrue(said.contains("1 error(s)") && said.contains("encryption.recipients[0]"), said);

        Result keygen = run(List.of(java(), "-jar", jar(), "keygen", "-o", tmp.resolve("operator.key").toString()));
        assertEquals(0, keygen.exit(), keygen.err());
        String recipient = (keygen.out() + keygen.err()).lines().filter(l -> l.contains("age1")).findFirst().orElseThrow()
                .replaceFirst(".*(age1[0-9a-z]+).*", "$1");
        Path edited = tmp.resolve("edited.yaml");
        Files.writeString(edited, config.replace("replace-with-the-age1-public-key-of-an-operator", recipient));
        ok(List.of(java(), "-jar", jar(), "check-config", "--config", edited.toString()));
    }

    @Test
    void everyCommandHasAManPage() {
        Set<String> pages = new TreeSet<>();
        collect(new CommandLine(new Main()), "kdump-receiver", pages);
        for (String page : pages) {
            assertTrue(Files.isRegularFile(root.resolve("usr/share/man/man8/" + page + ".8.gz")), page);
        }
        assertTrue(Files.isRegularFile(root.resolve("usr/share/bash-completion/completions/kdump-receiver")));
    }

    @Test
    void lintianReportsNoErrorOrWarning() {
        Result r = run(List.of(require("lintian", "lintian"), "--pedantic", DEB.toString()));
        List<String> bad = new ArrayList<>();
        for (String line : (r.out() + r.err()).lines().toList()) {
            if (line.startsWith("E:") || line.startsWith("W:")) {
                bad.add(line);
            }
        }
        assertEquals(List.of(), bad, "lintian:\n" + r.out() + r.err());
    }

    private static void collect(CommandLine cli, String name, Set<String> pages) {
        pages.add(name);
        cli.getSubcommands().forEach((sub, c) -> {
            if (c.getCommandName().equals(sub)) {
                collect(c, name + "-" + sub, pages);
            }
        });
    }

    private static void same(String inRepo, String inPackage) throws IOException {
        assertEquals(Files.readString(REPO.resolve(inRepo)), Files.readString(root.resolve(inPackage)), inPackage);
    }

    private static long sizeOf(String path) {
        try {
            return Files.size(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jar() {
        return root.resolve("usr/share/kdump-receiver/kdump-receiver.jar").toString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Map<String, String> fields(String control) {
        Map<String, String> f = new LinkedHashMap<>();
        String last = null;
        for (String line : control.lines().toList()) {
            if (line.startsWith(" ") && last != null) {
                f.merge(last, "\n" + line, String::concat);
            } else if (line.contains(":")) {
                last = line.substring(0, line.indexOf(':'));
                f.put(last, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return f;
    }

    private static String require(String program, String debianPackage) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        throw new AssertionError(program + " not found: install the Debian package " + debianPackage + " (./run-tests does)");
    }

    private record Result(int exit, String out, String err) {}

    private static String ok(List<String> command) {
        Result r = run(command);
        assertEquals(0, r.exit(), command + "\n" + r.out() + r.err());
        return r.out();
    }

    /** Output goes to files, so a chatty program never blocks on a full pipe. */
    private static Result run(List<String> command) {
        try {
            Path out = Files.createTempFile(tmp, "out", ".txt");
            Path err = Files.createTempFile(tmp, "err", ".txt");
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
