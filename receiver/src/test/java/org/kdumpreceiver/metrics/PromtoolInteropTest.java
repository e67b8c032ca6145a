package org.kdumpreceiver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.AuthFailure;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.IngestSession;
import org.kdumpreceiver.ingest.Protocol;
import org.kdumpreceiver.ingest.RejectReason;

/** The shipped alert rules and dashboard: valid for promtool, unit-tested, and naming real metrics. */
class PromtoolInteropTest {
    // Surefire runs in the receiver module's directory.
    static final Path OPERATIONS = Path.of("..", "docs", "prometheus").toAbsolutePath().normalize();
    private static final Pattern METRIC = Pattern.compile("kdump_receiver_[a-z_]+");

    @TempDir
    Path tmp;

    @Test
    void alertRulesPassPromtoolCheck() {
        Programs.Result r = promtool("check", "rules", OPERATIONS.resolve("alerts.yml").toString());
        assertEquals(0, r.exit(), r.out() + r.stderr());
        assertTrue(r.out().contains("SUCCESS: 5 rules found"), r.out());
    }

    @Test
    void everyAlertHasAPassingUnitTest() throws Exception {
        Programs.Result r = promtool("test", "rules", OPERATIONS.resolve("alerts_test.yml").toString());
        assertEquals(0, r.exit(), r.out() + r.stderr());
        String tests = Files.readString(OPERATIONS.resolve("alerts_test.yml"));
        for (String alert : alertNames()) {
            assertTrue(tests.contains("alertname: " + alert), alert + " has no test in alerts_test.yml");
            assertTrue(Files.readString(OPERATIONS.resolve("../alerts.md")).contains("## " + alert),
                    alert + " has no runbook in docs/alerts.md");
        }
    }

    @Test
    void rulesAndDashboardOnlyNameMetricsTheReceiverExposes() throws Exception {
        Set<String> exposed = new TreeSet<>();
        try (MetricsServer server = new MetricsServer(tmp, null)) {
            try (IngestSession session = server.open("web-17")) {
                var sink = session.openFile("dmesg");
                sink.write(new byte[] {'x', '\n'}, 0, 2);
                sink.abort(VerdictReason.CONNECTION_LOST);
            }
            server.store.ingest.events().publish(new FrontEndEvent.AuthFailed(Protocol.SSH, "192.0.2.1", "u",
                    AuthFailure.UNKNOWN_KEY));
            server.store.ingest.events().publish(new FrontEndEvent.CommandRejected(Protocol.SSH, "h", "a", "c",
                    RejectReason.BUSY));
            for (Scrape.Sample s : server.scrape().samples()) {
                exposed.add(s.name());
            }
        }
        Set<String> named = new TreeSet<>(names(Files.readString(OPERATIONS.resolve("alerts.yml"))));
        JsonNode dashboard = new ObjectMapper().readTree(OPERATIONS.resolve("grafana-dashboard.json").toFile());
        List<JsonNode> exprs = dashboard.findValues("expr");
        assertTrue(exprs.size() >= 5, "dashboard has " + exprs.size() + " queries");
        for (JsonNode expr : exprs) {
            named.addAll(names(expr.asText()));
        }
        for (String name : named) {
            assertTrue(exposed.contains(name), name + " is used but not exposed; exposed: " + exposed);
        }
        for (String title : List.of("Throughput", "Active transfers", "Dumps by verdict", "Free space",
                "Authentication failures")) {
            assertTrue(dashboard.toString().contains("\"title\":\"" + title), "no panel " + title);
        }
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static List<String> alertNames() throws Exception {
        Matcher m = Pattern.compile("- alert: (\\w+)").matcher(Files.readString(OPERATIONS.resolve("alerts.yml")));
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertEquals(List.of("TruncatedDump", "ReceiverDown", "StorageWillFillIn24h", "HostCrashLoop",
                "AuthFailuresBurst"), names);
        return names;
    }

    static Programs.Result promtool(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Programs.require("promtool", "prometheus")));
        command.addAll(List.of(args));
        return Programs.run(command, null);
    }
}
