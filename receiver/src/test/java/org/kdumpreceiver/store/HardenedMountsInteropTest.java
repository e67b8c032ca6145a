package org.kdumpreceiver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.crypto.Identity;

/**
 * The two file-system settings of the hardened systemd unit, made with the real {@code unshare} and
 * {@code mount} in a private mount namespace (needs root, as ./run-tests runs), with the receiver's config
 * checks and space reading run in a child JVM inside it:
 * <ul>
 *   <li>{@code ProtectSystem=strict} with {@code ReadWritePaths=}: {@code /} read-only, the state and storage
 *       directories a writable bind mount of the same device. The JDK's {@code FileStore} reports the read-only
 *       root for them; only writing tells the truth.</li>
 *   <li>{@code ProcSubset=pid}: {@code /proc} without {@code /proc/mounts}, so every {@code FileStore} lookup
 *       fails with "Mount point not found".</li>
 * </ul>
 * Nothing outside the namespace changes.
 */
class HardenedMountsInteropTest {
    @TempDir
    Path tmp;

    @Test
    void aWritableBindMountOnAReadOnlyRootIsWritable() throws Exception {
        Path rw = Files.createDirectories(tmp.resolve("rw"));
        Programs.Result r = inNamespace(rw, "mount --bind " + rw + " " + rw + " && mount -o remount,bind,ro / && "
                + "mount -o remount,bind,rw " + rw + " && ! touch /tmp/.kdump-receiver-ro-check 2>/dev/null");
        assertProbe(r);
    }

    @Test
    void aDirectoryOnTheReadOnlyRootIsStillRefused() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Programs.Result r = inNamespace(ro, "mount -o remount,bind,ro /");
        assertEquals(0, r.exit(), r.out() + r.stderr());
        assertTrue(r.out().startsWith("config: ") && r.out().contains("state_dir: ")
                && r.out().contains("is not writable by this user") && r.out().contains("Read-only file system"),
                r.out() + r.stderr());
    }

    @Test
    void aProcWithOnlyProcessesHidesTheMountTableAndThatIsFine() throws Exception {
        Path rw = Files.createDirectories(tmp.resolve("rw"));
        Programs.Result r = inNamespace(rw, "mount -t proc -o subset=pid proc /proc && ! test -e /proc/mounts");
        assertProbe(r);
    }

    private static void assertProbe(Programs.Result r) {
        assertEquals(0, r.exit(), r.out() + r.stderr());
        List<String> lines = r.out().lines().toList();
        assertEquals("config: ok", lines.get(0), r.out() + r.stderr());
        assertTrue(lines.get(1).startsWith("space: total=") && !lines.get(1).contains("total=0 "), r.out());
    }

    /** Runs {@code setup} in a new private mount namespace, then the probe JVM with a config under {@code rw}. */
    private Programs.Result inNamespace(Path rw, String setup) throws Exception {
        Path config = Files.writeString(rw.resolve("config.yaml"), "state_dir: " + rw.resolve("state") + "\n"
                + "storage:\n  root: " + rw.resolve("dumps") + "\n  min_free: 0\n"
                + "encryption:\n  recipients: [" + Identity.generate().recipient().encoded() + "]\n"
                + "ssh:\n  listen: 127.0.0.1:0\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // -XX:-UsePerfData: the JVM would write its perf file into /tmp, read-only in the first case.
        String probe = "exec '" + java + "' -XX:-UsePerfData -cp '" + System.getProperty("java.class.path") + "' "
                + HardenedMountProbe.class.getName() + " '" + config + "'";
        return Programs.run(List.of(Programs.require("unshare", "util-linux"), "--mount", "--propagation", "private",
                "/bin/sh", "-c", "set -e; " + setup + "; " + probe), null);
    }
}
