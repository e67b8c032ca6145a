package org.kdumpreceiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.crypto.Identity;

/**
 * A host name the store would refuse is refused by {@code check-config}, and {@code serve} stops at the
 * same {@code FILE:LINE: KEY: MESSAGE} before it opens anything.
 */
class BadNfsSettingTest {
    @TempDir
    Path tmp;

    Path config;

    @BeforeEach
    void config() throws Exception {
        // Line 17 is the bad entry; everything else would serve.
        config = Files.writeString(tmp.resolve("config.yaml"), "state_dir: " + tmp.resolve("state") + "\n"
                + "storage:\n  root: " + tmp.resolve("dumps") + "\n  min_free: 0\n"
                + "encryption:\n  recipients: [" + Identity.generate().recipient().encoded() + "]\n"
                + "ssh:\n  listen: 127.0.0.1:0\n"
                + "metrics:\n  enabled: false\n"
                + "nfs:\n  enabled: true\n  listen: 127.0.0.1:0\n  mount_port: 0\n  clients: [127.0.0.1/32]\n"
                + "  hosts:\n    10.0.2.15: -web\n");
    }

    @Test
    void checkConfigRefusesAHostNameTheStoreWouldRefuse() {
        Cli check = Cli.run("check-config", "--config", config.toString());
        assertEquals(1, check.exit(), check.toString());
        assertTrue(check.err().contains(config + ":17: nfs.hosts.10.0.2.15: '-web' is not a usable host name"),
                check.err());
        assertTrue(check.err().contains("start with a letter or digit"), check.err());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)  // a serve that starts never returns
    void serveStopsAtTheSameErrorBeforeListening() {
        Cli serve = Cli.run("serve", "--config", config.toString());
        assertEquals(1, serve.exit(), serve.toString());
        assertTrue(serve.err().contains(config + ":17: nfs.hosts.10.0.2.15: '-web'"), serve.err());
        assertFalse(Files.exists(tmp.resolve("state/ssh_host_ed25519_key")), "serve got as far as the host keys");
    }
}
