package org.kdumpreceiver.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.format.SyntheticVmcore;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.Manifest;
import org.kdumpreceiver.store.ManifestCodec;
import org.kdumpreceiver.store.StoredFile;

/**
 * Debian 12's own {@code kdump_save_core_to_ssh}, taken unmodified from the installed
 * {@code /usr/sbin/kdump-config} (package kdump-tools 1.8.1), with {@code /proc/vmcore} replaced by a
 * test core. Only {@code ssh} and {@code scp} are wrapped, to add {@code -F config} so that
 * {@code kdump@receiver} reaches this test's endpoint; the command strings are the script's own.
 */
class DebianKdumpConfigInteropTest {
    private static final List<String> FUNCTIONS = List.of("define_stampdir", "check_compression", "compress",
            "compression_extension", "dump_dmesg", "kdump_save_core_to_ssh");

    @TempDir
    Path tmp;

    SshFixture ssh;

    @BeforeEach
    void start() throws Exception {
        ssh = new SshFixture(tmp.resolve("rx"), "root@web-17", null);
    }

    @AfterEach
    void stop() throws Exception {
        ssh.close();
    }

    @Test
    void savecoreOverSshStoresACompleteFlattenedDump() throws Exception {
        Path vmcore = tmp.resolve("vmcore");
        SyntheticVmcore.small().write(vmcore);
        Programs.Result run = savecore(vmcore, "");
        assertTrue(run.out().contains("saved vmcore in kdump@receiver"), run.out());
        Manifest m = onlyDump();
        StoredFile dump = fileStartingWith(m, "dump.");
        assertEquals("flattened/kdump-compressed", dump.format());
        assertEquals("complete", dump.verdict());
        assertEquals("dump-incomplete", dump.renames().get(0).from());
        assertRebuilds(m, dump);
    }

    @Test
    void gzipCompressionSetting() throws Exception {
        Path vmcore = tmp.resolve("vmcore");
        SyntheticVmcore.small().write(vmcore);
        savecore(vmcore, "gzip");
        StoredFile dump = fileStartingWith(onlyDump(), "dump.");
        assertTrue(dump.clientName().endsWith(".gz"), dump.clientName());
        assertEquals("gzip/flattened/kdump-compressed", dump.format());
        assertEquals("complete", dump.verdict());
    }

    /** No pipefail: makedumpfile dies, ssh/dd still succeeds, the script renames the cut stream as if whole. */
    @Test
    void truncatedStreamRenamedByTheClientIsStillMarkedTruncated() throws Exception {
        Path vmcore = tmp.resolve("vmcore");
        SyntheticVmcore.small().write(vmcore);
        Path cut = tmp.resolve("vmcore-cut");
        byte[] core = Files.readAllBytes(vmcore);
        Files.write(cut, Arrays.copyOf(core, core.length / 2));
        Programs.Result run = savecore(cut, "");
        assertTrue(run.out().contains("saved vmcore in kdump@receiver"), "the client believes it succeeded: " + run.out());
        StoredFile dump = fileStartingWith(onlyDump(), "dump.");
        assertEquals("truncated", dump.verdict());
        assertEquals("no-end-marker", dump.reason());
    }

    /** The real crash's ELF core (../shared/data) where present: here makedumpfile --dump-dmesg works too. */
    @Test
    void realKernelCoreWithDmesgWhereAvailable() throws Exception {
        Optional<Path> shared = TestData.shared("debian12-idle-vmcore.elf.zst");
        org.junit.jupiter.api.Assumptions.assumeTrue(shared.isPresent(), "../shared/data not present");
        Path vmcore = tmp.resolve("vmcore.elf");
        Programs.Result unzstd = Programs.run(List.of(Programs.require("zstd", "zstd"), "-q", "-d", "-o",
                vmcore.toString(), shared.get().toString()), null);
        assertEquals(0, unzstd.exit(), unzstd.stderr());
        savecore(vmcore, "");
        Manifest m = onlyDump();
        StoredFile dmesg = fileStartingWith(m, "dmesg.");
        assertEquals("text", dmesg.format());
        assertEquals("complete", dmesg.verdict());
        StoredFile dump = fileStartingWith(m, "dump.");
        assertEquals("complete", dump.verdict());
        assertRebuilds(m, dump);
    }

    private Programs.Result savecore(Path vmcore, String compression) throws Exception {
        Path script = Path.of("/usr/sbin/kdump-config");
        assertTrue(Files.isRegularFile(script), "install the Debian package kdump-tools (./run-tests does)");
        StringBuilder functions = new StringBuilder();
        List<String> lines = Files.readAllLines(script);
        for (String name : FUNCTIONS) {
            int start = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches(name + "\\(\\)\\s*\\{?\\s*")) {
                    start = i;
                    break;
                }
            }
            assertTrue(start >= 0, "kdump-config has no function " + name);
            for (int i = start; i < lines.size(); i++) {
                functions.append(lines.get(i)).append('\n');
                if (lines.get(i).equals("}")) {
                    break;
                }
            }
        }
        Path fns = Files.writeString(tmp.resolve("kdump-functions.sh"), functions);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : List.of("ssh", "scp")) {
            Path wrapper = bin.resolve(tool);
            Files.writeString(wrapper, "#!/bin/sh\nexec " + Programs.require(tool, "openssh-client") + " -F "
                    + ssh.sshConfig + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // The function writes dmesg to /tmp/dmesg.ssh.<minute> with makedumpfile's exclusive create; a
        // capture kernel's /tmp is always empty, so a file left by an earlier run in the same minute goes.
        Path driver = Files.writeString(tmp.resolve("savecore.sh"), "rm -f /tmp/dmesg.ssh.*\n. /lib/lsb/init-functions\n"
                + "NAME=kdump-config\nPATH=" + bin + ":/bin:/usr/bin:/sbin:/usr/sbin\n"
                + ". " + fns + "\n"
                + "SSH=kdump@receiver\nSSH_KEY=" + ssh.key + "\nKDUMP_COREDIR=/var/crash\nKDUMP_DUMP_DMESG=1\n"
                + "MAKEDUMP_ARGS=\"-F -c -d 31\"\nKDUMP_COMPRESSION=" + compression + "\nSSH_KDUMP_RETRY=2\n"
                + "vmcore_file=" + vmcore + "\ncheck_compression\nkdump_save_core_to_ssh\necho \"savecore returned $?\"\n");
        Programs.Result r = Programs.run(List.of("/bin/sh", driver.toString()), null);
        assertTrue(r.out().contains("savecore returned 0"), r.out() + r.stderr());
        return new Programs.Result(r.exit(), (r.out() + r.stderr()).getBytes(), r.stderr());
    }

    private Manifest onlyDump() throws Exception {
        List<Path> dirs = ssh.store.store.dumpDirectories();
        assertEquals(1, dirs.size(), dirs.toString());
        Manifest m = ManifestCodec.read(dirs.get(0).resolve(DumpStore.MANIFEST));
        assertEquals("web-17", m.host());
        assertTrue(m.clientPaths().directory().matches("/var/crash/.+-\\d{12}"), m.clientPaths().directory());
        return m;
    }

    private static StoredFile fileStartingWith(Manifest m, String prefix) {
        StoredFile f = m.files().stream().filter(x -> x.clientName().startsWith(prefix)).findFirst().orElse(null);
        assertNotNull(f, prefix + "* in " + m.files());
        return f;
    }

    /** The stored stream opens with age + zstd and rebuilds with the real makedumpfile -R. */
    private void assertRebuilds(Manifest m, StoredFile dump) throws Exception {
        Path stored = ssh.store.root.resolve(m.id()).resolve(dump.storedName());
        Programs.Result opened = ssh.store.openWithAgeCli(stored);
        assertEquals(0, opened.exit(), opened.stderr());
        Path flat = Files.write(tmp.resolve("opened.flat"), opened.stdout());
        assertEquals(dump.bytesIn(), Files.size(flat));
        Path rebuilt = tmp.resolve("rebuilt");
        org.kdumpreceiver.format.Makedumpfile.rearrange(flat, rebuilt);
        byte[] head = Arrays.copyOf(Files.readAllBytes(rebuilt), 8);
        assertArrayEquals("KDUMP   ".getBytes(), head);
    }
}
