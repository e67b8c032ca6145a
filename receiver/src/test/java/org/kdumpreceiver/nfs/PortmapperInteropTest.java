package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.config.ConfigLoader;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.crypto.Recipient;
import org.kdumpreceiver.ingest.SealedStoreFixture;

/**
 * The embedded portmapper ({@code nfs.portmap}) against the real {@code rpcinfo} (Debian package
 * rpcbind). rpcinfo only ever asks port 111 (its listings use the fixed portmapper port, its probes
 * resolve programs through rpcbind there), so this test binds the portmapper to 127.0.0.1:111: it
 * needs root and a free port 111, and fails, rather than skips, without them.
 */
class PortmapperInteropTest {
    private static final int PORTMAP_PORT = 111;

    private static void requireFreePort111() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORTMAP_PORT));
        } catch (IOException e) {
            fail("rpcinfo can only reach a portmapper on port 111, and 127.0.0.1:111 cannot be bound here ("
                    + e.getMessage() + "). Run the tests as root (./run-tests does) with no rpcbind or other "
                    + "portmapper on port 111 (see `ss -ltnp 'sport = :111'`; a system one: "
                    + "`systemctl stop rpcbind.socket rpcbind`).");
        }
    }

    private static NfsEndpoint start(Path dir, SealedStoreFixture store) throws Exception {
        Path configFile = Files.writeString(dir.resolve("config.yaml"), "state_dir: "
                + Files.createDirectories(dir.resolve("state")) + "\n"
                + "storage:\n  root: " + store.root + "\n  min_free: 0\n"
                + "encryption:\n  recipients: [" + store.identity.recipient().encoded() + "]\n"
                + "ssh:\n  listen: 127.0.0.1:0\n"
                + "metrics:\n  enabled: false\n"
                + "nfs:\n  enabled: true\n  listen: 127.0.0.1:0\n  mount_port: 0\n  portmap: true\n"
                + "  portmap_port: " + PORTMAP_PORT + "\n  clients: [127.0.0.1/32]\n");
        ReceiverConfig config = ConfigLoader.load(configFile, Recipient::problem);
        return NfsEndpoint.start(config, store.ingest, Duration.ofSeconds(1), Duration.ofMinutes(30));
    }

    private static Programs.Result rpcinfo(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Programs.require("rpcinfo", "rpcbind"));
        cmd.addAll(List.of(args));
        return Programs.run(cmd, null);
    }

    private static String universal(int port) {
        return "127.0.0.1." + (port >> 8) + "." + (port & 0xff);
    }

    @Test
    void rpcinfoListsAndFindsNfsAndMount(@TempDir Path tmp) throws Exception {
        Programs.require("rpcinfo", "rpcbind");
        requireFreePort111();
        SealedStoreFixture store = new SealedStoreFixture(tmp.resolve("dumps"), tmp.resolve("operator.key"), 0, 0);
        try (NfsEndpoint nfs = start(tmp, store)) {
            assertEquals(PORTMAP_PORT, nfs.portmapPort());
            int nfsPort = nfs.port();
            int mountPort = nfs.mountPort();

            // rpcinfo -p: portmapper version 2 DUMP
            Programs.Result p = rpcinfo("-p", "127.0.0.1");
            assertEquals(0, p.exit(), p.stderr());
            Set<String> v2 = new TreeSet<>();
            Matcher m = Pattern.compile("(?m)^\\s*(\\d+)\\s+(\\d+)\\s+(\\w+)\\s+(\\d+)").matcher(p.out());
            while (m.find()) {
                v2.add(m.group(1) + " v" + m.group(2) + " " + m.group(3) + " " + m.group(4));
            }
            assertEquals(new TreeSet<>(List.of("100003 v3 tcp " + nfsPort, "100003 v4 tcp " + nfsPort,
                    "100005 v3 tcp " + mountPort, "100000 v2 tcp 111", "100000 v3 tcp 111", "100000 v4 tcp 111")),
                    v2, p.out());

            // rpcinfo HOST: rpcbind version 3/4 DUMP, with universal addresses
            Programs.Result d = rpcinfo("127.0.0.1");
            assertEquals(0, d.exit(), d.stderr());
            Set<String> v34 = new TreeSet<>();
            m = Pattern.compile("(?m)^\\s*(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)").matcher(d.out());
            while (m.find()) {
                v34.add(m.group(1) + " v" + m.group(2) + " " + m.group(3) + " " + m.group(4));
            }
            assertTrue(v34.contains("100003 v3 tcp " + universal(nfsPort)), d.out());
            assertTrue(v34.contains("100005 v3 tcp " + universal(mountPort)), d.out());
            assertTrue(v34.contains("100003 v4 tcp " + universal(nfsPort)), d.out());
            assertEquals(6, v34.size(), d.out());

            // probes: the address comes from the portmapper, then NULL is called on the program itself
            for (String[] probe : List.of(new String[] {"-t", "127.0.0.1", "100003", "3"},
                    new String[] {"-t", "127.0.0.1", "100003", "4"},
                    new String[] {"-t", "127.0.0.1", "100005", "3"},
                    new String[] {"-T", "tcp", "127.0.0.1", "100003", "3"},
                    new String[] {"-T", "tcp", "127.0.0.1", "100005", "3"},
                    new String[] {"-t", "127.0.0.1", "100000", "2"})) {
                Programs.Result r = rpcinfo(probe);
                assertEquals(0, r.exit(), String.join(" ", probe) + ": " + r.out() + r.stderr());
                assertTrue(r.out().contains("program " + probe[probe.length - 2] + " version "
                        + probe[probe.length - 1] + " ready and waiting"), r.out());
            }
            // -a pings a universal address directly, as the portmapper hands it out
            Programs.Result a = rpcinfo("-a", universal(nfsPort), "-T", "tcp", "100003", "3");
            assertEquals(0, a.exit(), a.stderr());
            assertTrue(a.out().contains("program 100003 version 3 ready and waiting"), a.out());

            // what is not served is not found: NFSv2 and MOUNT v1 are not registered, nothing answers over UDP
            for (String[] absent : List.of(new String[] {"100003", "2"}, new String[] {"100005", "1"})) {
                Programs.Result r = rpcinfo("-t", "127.0.0.1", absent[0], absent[1]);
                assertNotEquals(0, r.exit(), r.out());
                assertTrue((r.out() + r.stderr()).contains("not registered")
                        || (r.out() + r.stderr()).contains("not available"), r.out() + r.stderr());
            }
            Programs.Result udp = rpcinfo("-u", "127.0.0.1", "100003", "3");
            assertNotEquals(0, udp.exit(), udp.out());
        }
    }
}
