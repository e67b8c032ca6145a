package org.kdumpreceiver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kdumpreceiver.Programs;
import org.kdumpreceiver.TestData;
import org.kdumpreceiver.config.HostPort;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.crypto.Identity;
import org.kdumpreceiver.format.Makedumpfile;
import org.kdumpreceiver.format.SyntheticVmcore;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.FileSink;
import org.kdumpreceiver.ingest.Ingest;
import org.kdumpreceiver.ingest.IngestSession;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.store.HostIdentity;
import org.kdumpreceiver.store.SealingPolicy;
import org.kdumpreceiver.store.StoredFile;

/** Dumps through the real ingest core while /metrics is scraped over HTTP; the scrape passes promtool. */
class IngestMetricsInteropTest {
    @TempDir
    Path tmp;

    @Test
    void countersFollowDumpsAndACutTransferCountsAsTruncated() throws Exception {
        byte[] dmesg = TestData.dmesgText();
        Path vmcoreFile = tmp.resolve("vmcore");
        SyntheticVmcore.small().write(vmcoreFile);
        byte[] vmcore = Files.readAllBytes(vmcoreFile);
        long received = 0;
        long stored = 0;
        try (MetricsServer server = new MetricsServer(tmp, null)) {
            Scrape before = server.scrape();
            assertEquals(0.0, before.value("kdump_receiver_dumps_total", "protocol", "ssh", "verdict", "complete"));

            try (IngestSession session = server.open("web-17")) {
                StoredFile text = send(session, "dmesg.202611221400", dmesg, dmesg.length, true);
                received += dmesg.length;
                stored += text.bytesStored();
                assertEquals("complete", text.verdict());

                // Mid-transfer: the file is active and its bytes are already counted.
                FileSink sink = session.openFile("dump-incomplete");
                write(sink, vmcore, vmcore.length / 2);
                Scrape during = server.scrape();
                assertEquals(1.0, during.value("kdump_receiver_transfers_active", "protocol", "ssh"));
                assertEquals((double) dmesg.length + vmcore.length / 2,
                        during.value("kdump_receiver_received_bytes_total", "protocol", "ssh"));
                write(sink, java.util.Arrays.copyOfRange(vmcore, vmcore.length / 2, vmcore.length),
                        vmcore.length - vmcore.length / 2);
                StoredFile whole = sink.complete();
                received += vmcore.length;
                stored += whole.bytesStored();
                assertEquals("complete", whole.verdict());
                session.rename("dump-incomplete", "dump.202611221400");
            }

            // The connection drops halfway through the second crash's vmcore.
            try (IngestSession session = server.open("web-17")) {
                StoredFile cut = send(session, "dump-incomplete", vmcore, vmcore.length / 3, false);
                received += vmcore.length / 3;
                stored += cut.bytesStored();
                assertEquals("truncated", cut.verdict());
                assertEquals("connection-lost", cut.reason());
            }

            Scrape after = server.scrape();
            assertEquals(2.0, after.value("kdump_receiver_dumps_total", "protocol", "ssh", "verdict", "complete"));
            assertEquals(1.0, after.value("kdump_receiver_dumps_total", "protocol", "ssh", "verdict", "truncated"));
            assertEquals(0.0, after.value("kdump_receiver_dumps_total", "protocol", "ssh", "verdict", "unknown"));
            assertEquals(1.0, after.value("kdump_receiver_truncated_dumps_total", "protocol", "ssh", "reason",
                    "connection-lost"));
            assertEquals((double) received, after.value("kdump_receiver_received_bytes_total", "protocol", "ssh"));
            assertEquals((double) stored, after.value("kdump_receiver_stored_bytes_total", "protocol", "ssh"));
            assertEquals(0.0, after.value("kdump_receiver_transfers_active", "protocol", "ssh"));
            assertEquals(3.0, after.value("kdump_receiver_transfer_duration_seconds_count", "protocol", "ssh"));
            assertEquals(3.0, after.value("kdump_receiver_transfer_throughput_bytes_per_second_count",
                    "protocol", "ssh"));
            double last = after.value("kdump_receiver_last_dump_timestamp_seconds", "host", "web-17");
            assertTrue(Math.abs(last - System.currentTimeMillis() / 1000.0) < 60, "last dump " + last);
            assertTrue(after.value("kdump_receiver_storage_free_bytes") > 0);
            assertTrue(after.value("kdump_receiver_storage_used_bytes") > 0);
            assertEquals(0.0, after.value("kdump_receiver_storage_min_free_bytes"));

            promtoolAccepts(server.scrapeText());
        }
    }

    @Test
    void aFileLeftReceivingByACrashIsCountedAtTheNextStart() throws Exception {
        Path root = tmp.resolve("dumps");
        Files.createDirectories(root);
        Identity identity = Identity.generate();
        SealingPolicy policy = new SealingPolicy(List.of(identity.recipient()), 3, 0, 0);
        Ingest crashed = new Ingest(new DumpStore(root, Clock.systemUTC()), policy);
        IngestSession session = crashed.open(new HostIdentity("web-17"), "nfs", "192.0.2.7", "/var/crash/x");
        FileSink sink = session.openFile("vmcore");
        byte[] data = TestData.random(300_000, 3);
        sink.write(data, 0, data.length);
        // No complete(), no abort(): the process "dies" here and a new one starts on the same root.

        DumpStore restartedStore = new DumpStore(root, Clock.systemUTC());
        Ingest restarted = new Ingest(restartedStore, policy);
        try (ReceiverMetrics metrics = ReceiverMetrics.create(new ReceiverConfig.Metrics(true,
                new HostPort("127.0.0.1", 0), true, null, null), restartedStore, 0, restarted.events())) {
            assertEquals(1, restarted.recover().size());
            int port = metrics.serve(new Readiness(restartedStore, 0)).getPort();
            Scrape s = Scrape.parse(RawHttp.get(new java.net.InetSocketAddress("127.0.0.1", port), "/metrics").body());
            assertEquals(1.0, s.value("kdump_receiver_truncated_dumps_total", "protocol", "nfs", "reason",
                    "receiver-restart"));
            assertEquals(1.0, s.value("kdump_receiver_dumps_total", "protocol", "nfs", "verdict", "truncated"));
            // The host's last dump is known from the store although no dump arrived since the start.
            assertTrue(s.has("kdump_receiver_last_dump_timestamp_seconds", "host", "web-17"));
        }
    }

    /**
     * What the NFS endpoint stores: a write log (flattened stream) of a kdump-compressed file, ended by the
     * receiver although the client's last writes never came. Page coverage finds it cut; the metric must name
     * that reason, not {@code other}.
     */
    @Test
    void aWriteLogCutShortIsCountedWithItsPageCoverageReason() throws Exception {
        Path core = tmp.resolve("vmcore");
        SyntheticVmcore.small().write(core);
        Path compressed = tmp.resolve("dump.kdump");
        Makedumpfile.compressed(core, compressed);
        byte[] kdump = Files.readAllBytes(compressed);
        byte[] log = writeLog(kdump, kdump.length - 3000);
        try (MetricsServer server = new MetricsServer(tmp, null)) {
            StoredFile stored;
            try (IngestSession session = server.open("web-17", "nfs")) {
                stored = send(session, "vmcore", log, log.length, true);
            }
            assertEquals("truncated", stored.verdict());
            assertEquals(VerdictReason.UNWRITTEN_PAGE_DATA.token(), stored.reason());
            Scrape s = server.scrape();
            assertEquals(1.0, s.value("kdump_receiver_truncated_dumps_total", "protocol", "nfs", "reason",
                    "unwritten-page-data"));
            assertFalse(s.has("kdump_receiver_truncated_dumps_total", "reason", "other"));
        }
    }

    /** A flattened stream of {@code file}'s first {@code length} bytes in 64 KiB records, with its end marker. */
    private static byte[] writeLog(byte[] file, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[4096];
        System.arraycopy("makedumpfile".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 12);
        header[23] = 1;  // type 1
        header[31] = 1;  // version 1
        out.writeBytes(header);
        for (int off = 0; off < length; off += 65536) {
            int n = Math.min(65536, length - off);
            out.writeBytes(ByteBuffer.allocate(16).putLong(off).putLong(n).array());
            out.write(file, off, n);
        }
        byte[] end = new byte[16];
        Arrays.fill(end, (byte) 0xff);
        out.writeBytes(end);
        return out.toByteArray();
    }

    @Test
    void openMetricsScrapeAlsoPassesPromtool() throws Exception {
        try (MetricsServer server = new MetricsServer(tmp, null)) {
            try (IngestSession session = server.open("db-3")) {
                send(session, "dmesg", TestData.dmesgText(), TestData.dmesgText().length, true);
            }
            String om = server.scrapeText("Accept", "application/openmetrics-text; version=1.0.0");
            assertTrue(om.endsWith("# EOF\n"));
            assertTrue(om.contains("kdump_receiver_dumps_total{protocol=\"ssh\",verdict=\"complete\"} 1.0"), om);
            // promtool 2.42 lints the classic format only; the OpenMetrics body is checked by parsing above.
            promtoolAccepts(server.scrapeText());
        }
    }

    static void promtoolAccepts(String exposition) throws Exception {
        String promtool = Programs.require("promtool", "prometheus");
        Path input = Files.createTempFile("scrape", ".txt");
        try {
            Files.writeString(input, exposition);
            Programs.Result r = Programs.run(List.of(promtool, "check", "metrics"), input);
            assertEquals(0, r.exit(), "promtool check metrics:\n" + r.out() + r.stderr());
        } finally {
            Files.delete(input);
        }
    }

    private static StoredFile send(IngestSession session, String name, byte[] data, int length, boolean complete)
            throws Exception {
        FileSink sink = session.openFile(name);
        write(sink, data, length);
        return complete ? sink.complete() : sink.abort(VerdictReason.CONNECTION_LOST);
    }

    private static void write(FileSink sink, byte[] data, int length) throws Exception {
        for (int off = 0; off < length; off += 65536) {
            sink.write(data, off, Math.min(65536, length - off));
        }
    }
}
