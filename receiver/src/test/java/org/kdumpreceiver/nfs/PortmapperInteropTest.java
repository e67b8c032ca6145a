package org.kdumpreceiver.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.ingest.SealedStoreFixture;

/**
 * The embedded portmapper ({@code nfs.portmap}) against the real {@code rpcinfo} (Debian package
 * rpcbind). rpcinfo only ever asks port 111 (its listings use the fixed portmapper port, its probes
 * resolve programs through rpcbind there), so the endpoint runs in a child JVM in a network namespace
 * of its own ({@code unshare -n}) with the portmapper on 111, and rpcinfo runs in that namespace
 * ({@code nsenter -n}): the host's own rpcbind, if any, is neither needed nor disturbed. Needs root,
 * as the suite does (./run-tests); it fails, not skips, without it.
 */
class PortmapperInteropTest {
    private static final int PORTMAP_PORT = 111;
    private static long serverPid;

    private static Process startInNamespace(Path dir) throws Exception {
        Path configFile = Files.writeString(dir.resolve("config.yaml"), "state_dir: "
                + Files.createDirectories(dir.resolve("state")) + "\n"
                + "storage:\n  root: " + dir.resolve("dumps") + "\n  min_free: 0\n"
                + "encryption:\n  recipients: [" + new SealedStoreFixture(dir.resolve("config-dumps"),
                        dir.resolve("config.key"), 0, 0).identity.recipient().encoded() + "]\n"
                + "ssh:\n  listen: 127.0.0.1:0\n"
                + "metrics:\n  enabled: false\n"
                + "nfs:\n  enabled: true\n  listen: 127.0.0.1:0\n  mount_port: 0\n  portmap: true\n"
                + "  portmap_port: " + PORTMAP_PORT + "\n  clients: [127.0.0.1/32]\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "ip link set lo up && exec \"$0\" -cp \"$1\" " + PortmapperNamespaceServer.class.getName()
                + " \"$2\" \"$3\"";
        ProcessBuilder pb = new ProcessBuilder(Programs.require("unshare", "util-linux"), "-n", "sh", "-c", script,
                java, System.getProperty("java.class.path"), configFile.toString(), dir.toString());
        pb.redirectError(dir.resolve("server.log").toFile());
        return pb.start();
    }

    private static Programs.Result rpcinfo(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Programs.require("nsenter", "util-linux"), "-t",
                Long.toString(serverPid), "-n", Programs.require("rpcinfo", "rpcbind")));
        cmd.addAll(List.of(args));
        return Programs.run(cmd, null);
    }

    private static String universal(int port) {
        return "127.0.0.1." + (port >> 8) + "." + (port & 0xff);
    }

    @Test
    void rpcinfoListsAndFindsNfsAndMount(@TempDir Path tmp) throws Exception {
        Programs.require("rpcinfo", "rpcbind");
        Process server = startInNamespace(tmp);
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                    server.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("READY ")) {
                server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                fail("the endpoint did not start in a network namespace of its own (unshare -n needs root, as "
                        + "./run-tests runs the suite): " + ready + "\n" + Files.readString(tmp.resolve("server.log")));
            }
            String[] ports = ready.split(" ");
            int nfsPort = Integer.parseInt(ports[1]);
            int mountPort = Integer.parseInt(ports[2]);
            assertEquals(PORTMAP_PORT, Integer.parseInt(ports[3]));
            serverPid = server.pid();

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
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
