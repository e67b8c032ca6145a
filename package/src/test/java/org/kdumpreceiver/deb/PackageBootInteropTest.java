package org.kdumpreceiver.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb installed with apt-get into a throw-away copy of this machine's root and booted under real
 * systemd (systemd-nspawn --boot, a private network with only loopback), then used as an operator would:
 * {@code boot-under-systemd.sh} does the work inside and prints one {@code CHECK} line per step; this test
 * judges them. Needs root (./run-tests runs as root) and the Debian package systemd-container.
 */
class PackageBootInteropTest {
    private static final Path DEB = Path.of(System.getProperty("kdump.deb", "target/missing.deb"));
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for kdump-receiver.service: "
            + "([0-9.]+)");

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)  // boots a whole system under software, installs and restarts it
    void theInstalledServiceRunsHardenedTakesADumpAndSurvivesRestartRemoveAndPurge() throws Exception {
        assertTrue(Files.isRegularFile(DEB), DEB + " not built (mvn verify builds it in the package phase)");
        assertTrue(Files.isExecutable(Path.of("/usr/bin/systemd-nspawn")),
                "systemd-nspawn not found: install the Debian package systemd-container (./run-tests does)");
        Path script = Path.of("src/test/resources/boot-under-systemd.sh").toAbsolutePath();
        Path work = Files.createDirectories(tmp.resolve("work"));
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", script.toString(), DEB.toAbsolutePath().toString(),
                work.toString()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(9, TimeUnit.MINUTES), "the boot script did not end\n" + out);
        System.out.println(out);  // the CHECK lines (exposure score, dump, remove, purge) in the build log
        assertEquals(0, p.exitValue(), out);
        Map<String, String> checks = checks(out);

        assertEquals("kdump-receiver active running", checks.get("service").strip(), out);
        assertEquals("kdump-receiver", checks.get("process user"), "runs as its own user, not root\n" + out);
        assertEquals("ready", checks.get("readyz"), out);
        Matcher exposure = EXPOSURE.matcher(out);
        assertTrue(exposure.find(), out);
        assertTrue(Double.parseDouble(exposure.group(1)) <= 2.0, "systemd-analyze security: " + exposure.group(1));
        assertEquals("0 bytes of output", checks.get("systemd-analyze verify"), out);
        assertTrue(checks.get("ssh dd").endsWith("(complete)"), out);
        assertEquals("yes", checks.get("sealed dump opens with age and zstd to the bytes sent"), out);
        assertEquals("kdump-receiver", checks.get("stored file owner"), out);
        assertTrue(checks.get("after restart").startsWith("active, readyz ready"), out);
        assertTrue(checks.get("after remove").matches("config kept, dumps 2 kept, service (inactive|unknown).*"),
                "remove keeps the config and the dumps, and stops the service\n" + out);
        assertEquals("config gone, dumps 2 kept", checks.get("after purge"), "purge never deletes dumps\n" + out);
    }

    /** "CHECK name: value" lines; the exposure line has its own pattern. */
    private static Map<String, String> checks(String out) {
        Map<String, String> checks = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            if (line.startsWith("CHECK ")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    checks.put(line.substring(6, colon), line.substring(colon + 2));
                }
            }
        }
        return checks;
    }
}
