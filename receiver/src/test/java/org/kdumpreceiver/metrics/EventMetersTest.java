package org.kdumpreceiver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.AuthFailure;
import org.kdumpreceiver.ingest.EnrolmentResult;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.IngestEvent;
import org.kdumpreceiver.ingest.Protocol;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.ingest.SessionRefusal;

/** Each event moves exactly the meters it should, with bounded labels. */
class EventMetersTest {
    private static final Instant NOW = Instant.parse("2026-11-22T14:05:01Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EventBus bus = new EventBus();

    EventMetersTest() {
        bus.subscribe(new EventMeters(registry, new LastDumpTimes(registry, true), Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private Scrape scrape() {
        return Scrape.parse(registry.scrape(Exposition.TEXT));
    }

    private static IngestEvent.FileFinished finished(String dump, String name, String protocol, long in, long stored,
            String verdict, String reason, Duration took) {
        return new IngestEvent.FileFinished(dump, "web-17", protocol, name, name + ".zst.age", in, stored, "elf",
                verdict, reason, took, false);
    }

    @Test
    void seriesAlertsUseExistAtZeroBeforeAnyEvent() {
        Scrape s = scrape();
        assertEquals(0.0, s.value("kdump_receiver_dumps_total", "protocol", "ssh", "verdict", "truncated"));
        assertEquals(0.0, s.value("kdump_receiver_dumps_total", "protocol", "nfs", "verdict", "complete"));
        assertEquals(0.0, s.value("kdump_receiver_transfers_active", "protocol", "ssh"));
        assertEquals(0.0, s.value("kdump_receiver_enrolments_total", "result", "refused"));
        for (AuthFailure reason : AuthFailure.values()) {
            assertEquals(0.0, s.value("kdump_receiver_auth_failures_total", "protocol", reason.protocol().token(),
                    "reason", reason.token()), reason.token());
        }
        // each reason only under the protocol that reports it
        assertFalse(s.has("kdump_receiver_auth_failures_total", "protocol", "nfs", "reason", "unknown-key"));
        assertFalse(s.has("kdump_receiver_auth_failures_total", "protocol", "ssh", "reason", "address-not-allowed"));
    }

    @Test
    void everyVerdictReasonIsCountedUnderItsOwnName() {
        for (VerdictReason reason : VerdictReason.values()) {
            bus.publish(finished("d", reason.name(), "nfs", 10, 10, "truncated", reason.token(), Duration.ofSeconds(1)));
        }
        Scrape s = scrape();
        for (VerdictReason reason : VerdictReason.values()) {
            assertEquals(1.0, s.value("kdump_receiver_truncated_dumps_total", "protocol", "nfs", "reason",
                    reason.token()), reason.token());
        }
        assertFalse(s.has("kdump_receiver_truncated_dumps_total", "reason", "other"));
    }

    @Test
    void everyRejectReasonIsCountedUnderItsOwnName() {
        for (RejectReason reason : RejectReason.values()) {
            bus.publish(new FrontEndEvent.CommandRejected(Protocol.NFS, "web-17", "192.0.2.7", "LOOKUP", reason));
        }
        Scrape s = scrape();
        for (RejectReason reason : RejectReason.values()) {
            assertEquals(1.0, s.value("kdump_receiver_commands_rejected_total", "reason", reason.token()),
                    reason.token());
        }
        assertFalse(s.has("kdump_receiver_commands_rejected_total", "reason", "other"));
    }

    @Test
    void protocolsAreTheFrontEndsOwnAndNothingEmitsScp() {
        assertEquals(Set.of("ssh", "sftp", "nfs", "import", "unknown"), Labels.PROTOCOLS);
    }

    @Test
    void bytesCountPerProtocolAndActiveTransfersFollowStartAndFinish() {
        bus.publish(new IngestEvent.DumpOpened("web-17/x", "web-17", "ssh", "192.0.2.7", "/var/crash/d"));
        bus.publish(new IngestEvent.FileStarted("web-17/x", "web-17", "ssh", "vmcore"));
        bus.publish(new IngestEvent.FileStarted("web-17/x", "web-17", "ssh", "dmesg"));
        assertEquals(2.0, scrape().value("kdump_receiver_transfers_active", "protocol", "ssh"));
        bus.publish(new IngestEvent.BytesReceived("web-17/x", "web-17", "ssh", 1000));
        bus.publish(new IngestEvent.BytesReceived("web-17/x", "web-17", "ssh", 24));
        bus.publish(new IngestEvent.BytesReceived("web-17/x", "web-17", "nfs", 5));
        bus.publish(finished("web-17/x", "vmcore", "ssh", 1024, 300, "complete", null, Duration.ofSeconds(2)));
        Scrape s = scrape();
        assertEquals(1024.0, s.value("kdump_receiver_received_bytes_total", "protocol", "ssh"));
        assertEquals(5.0, s.value("kdump_receiver_received_bytes_total", "protocol", "nfs"));
        assertEquals(300.0, s.value("kdump_receiver_stored_bytes_total", "protocol", "ssh"));
        assertEquals(1.0, s.value("kdump_receiver_transfers_active", "protocol", "ssh"));
        assertEquals(1.0, s.value("kdump_receiver_dumps_total", "protocol", "ssh", "verdict", "complete"));
        assertEquals(1.0, s.value("kdump_receiver_transfer_duration_seconds_count", "protocol", "ssh"));
        assertEquals(2.0, s.value("kdump_receiver_transfer_duration_seconds_sum", "protocol", "ssh"));
        assertEquals(1.0, s.value("kdump_receiver_transfer_duration_seconds_bucket", "protocol", "ssh", "le", "5.0"));
        assertEquals(0.0, s.value("kdump_receiver_transfer_duration_seconds_bucket", "protocol", "ssh", "le", "1.0"));
        assertEquals(512.0, s.value("kdump_receiver_transfer_throughput_bytes_per_second_sum", "protocol", "ssh"));
        assertEquals(1.0, s.value("kdump_receiver_transfer_throughput_bytes_per_second_bucket", "protocol", "ssh",
                "le", "100000.0"));
        assertEquals(NOW.getEpochSecond(), s.value("kdump_receiver_last_dump_timestamp_seconds", "host", "web-17"));
    }

    @Test
    void failedThenFinishedEndsTheTransferOnce() {
        bus.publish(new IngestEvent.FileStarted("d", "web-17", "ssh", "vmcore"));
        bus.publish(new IngestEvent.FileFailed("d", "web-17", "ssh", "vmcore", 10, "storage-full", "disk full"));
        bus.publish(finished("d", "vmcore", "ssh", 10, 10, "truncated", "storage-full", Duration.ofMillis(5)));
        Scrape s = scrape();
        assertEquals(0.0, s.value("kdump_receiver_transfers_active", "protocol", "ssh"));
        assertEquals(1.0, s.value("kdump_receiver_dumps_total", "protocol", "ssh", "verdict", "truncated"));
        assertEquals(1.0, s.value("kdump_receiver_truncated_dumps_total", "protocol", "ssh", "reason", "storage-full"));
    }

    @Test
    void truncatedAndUnknownVerdictsAndRecoveredFiles() {
        bus.publish(finished("d", "a", "ssh", 10, 10, "truncated", "connection-lost", Duration.ofSeconds(1)));
        bus.publish(finished("d", "b", "ssh", 10, 10, "truncated", "no-end-marker", Duration.ofSeconds(1)));
        bus.publish(finished("d", "c", "nfs", 10, 10, "unknown", "unrecognised-content", Duration.ofSeconds(1)));
        bus.publish(new IngestEvent.FileRecovered("d", "web-17", "vmcore.zst.age", 100, "ssh"));
        bus.publish(new IngestEvent.FileRecovered("e", "web-18", null, 0, null));
        Scrape s = scrape();
        assertEquals(3.0, s.value("kdump_receiver_dumps_total", "protocol", "ssh", "verdict", "truncated"));
        assertEquals(1.0, s.value("kdump_receiver_dumps_total", "protocol", "unknown", "verdict", "truncated"));
        assertEquals(1.0, s.value("kdump_receiver_dumps_total", "protocol", "nfs", "verdict", "unknown"));
        assertEquals(1.0, s.value("kdump_receiver_truncated_dumps_total", "protocol", "ssh", "reason",
                "connection-lost"));
        assertEquals(1.0, s.value("kdump_receiver_truncated_dumps_total", "protocol", "ssh", "reason", "no-end-marker"));
        assertEquals(1.0, s.value("kdump_receiver_truncated_dumps_total", "protocol", "ssh", "reason",
                "receiver-restart"));
        assertEquals(1.0, s.value("kdump_receiver_truncated_dumps_total", "protocol", "unknown", "reason",
                "receiver-restart"));
        // An unknown verdict is not a truncation.
        assertFalse(s.has("kdump_receiver_truncated_dumps_total", "protocol", "nfs"));
    }

    @Test
    void frontEndEventsCountByBoundedReason() {
        bus.publish(new FrontEndEvent.AuthFailed(Protocol.SSH, "192.0.2.7", "root", AuthFailure.UNKNOWN_KEY));
        bus.publish(new FrontEndEvent.AuthFailed(Protocol.SSH, "192.0.2.8", "kdump", AuthFailure.UNKNOWN_KEY));
        bus.publish(new FrontEndEvent.AuthFailed(Protocol.SSH, "192.0.2.9", "x", AuthFailure.BAD_PASSWORD));
        bus.publish(new FrontEndEvent.CommandRejected(Protocol.SSH, "web-17", "192.0.2.7", "rm -rf /",
                RejectReason.UNKNOWN_COMMAND));
        bus.publish(new FrontEndEvent.CommandRejected(Protocol.SSH, "web-17", "192.0.2.7", "cat ../x",
                RejectReason.PATH_ESCAPE));
        bus.publish(new FrontEndEvent.Enrolment(Protocol.SSH, "web-17", "192.0.2.7", EnrolmentResult.ENROLLED,
                "key SHA256:..."));
        bus.publish(new FrontEndEvent.Enrolment(Protocol.SSH, "web-18", "192.0.2.8", EnrolmentResult.REFUSED,
                "not in window"));
        bus.publish(new FrontEndEvent.SessionRefused(Protocol.SSH, "192.0.2.7",
                SessionRefusal.MAX_SESSIONS_PER_ADDRESS));
        Scrape s = scrape();
        assertEquals(2.0, s.value("kdump_receiver_auth_failures_total", "protocol", "ssh", "reason", "unknown-key"));
        assertEquals(1.0, s.value("kdump_receiver_auth_failures_total", "protocol", "ssh", "reason", "bad-password"));
        assertEquals(1.0, s.value("kdump_receiver_commands_rejected_total", "reason", "unknown-command"));
        assertEquals(1.0, s.value("kdump_receiver_commands_rejected_total", "reason", "path-escape"));
        assertEquals(1.0, s.value("kdump_receiver_enrolments_total", "result", "enrolled"));
        assertEquals(1.0, s.value("kdump_receiver_enrolments_total", "result", "refused"));
        assertEquals(0.0, s.value("kdump_receiver_enrolments_total", "result", "already-enrolled"));
        assertEquals(1.0, s.value("kdump_receiver_sessions_refused_total", "protocol", "ssh", "reason",
                "max-sessions-per-address"));
    }

    @Test
    void unknownLabelValuesAreClampedAndNoClientDataBecomesALabel() {
        bus.publish(new FrontEndEvent.AuthFailed(Protocol.SSH, "192.0.2.7", "root", AuthFailure.UNKNOWN_KEY));
        bus.publish(new FrontEndEvent.CommandRejected(Protocol.SSH, "web-17", "192.0.2.7", "evil",
                RejectReason.BAD_PATH));
        bus.publish(new FrontEndEvent.Enrolment(Protocol.SSH, "web-17", "192.0.2.7", EnrolmentResult.REFUSED,
                "dumps of web-18 please"));
        // manifests on disk can say anything: a recovered file's protocol, a verdict and its reason
        bus.publish(finished("d", "secret-name", "carrier-pigeon", 1, 1, "strange", "odd", Duration.ofSeconds(1)));
        bus.publish(finished("d", "other-name", "ssh", 1, 1, "truncated", "made-up", Duration.ofSeconds(1)));
        bus.publish(new IngestEvent.FileRecovered("e", "web-18", "x.zst.age", 1, "gopher"));
        Scrape s = scrape();
        assertEquals(1.0, s.value("kdump_receiver_dumps_total", "protocol", "other", "verdict", "truncated"));
        assertEquals(1.0, s.value("kdump_receiver_dumps_total", "protocol", "other", "verdict", "other"));
        assertEquals(1.0, s.value("kdump_receiver_truncated_dumps_total", "protocol", "ssh", "reason", "other"));
        String text = registry.scrape(Exposition.TEXT);
        for (String leak : new String[] {"192.0.2", "secret-name", "root", "evil", "gopher", "pigeon", "made-up",
            "please"}) {
            assertFalse(text.contains(leak), leak + " leaked into\n" + text);
        }
    }

    @Test
    void hostLabelOffKeepsOneFleetSeriesWithTheLatestTime() {
        PrometheusMeterRegistry fleet = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LastDumpTimes times = new LastDumpTimes(fleet, false);
        times.mark("web-17", NOW);
        times.mark("web-18", NOW.minusSeconds(60));
        Scrape s = Scrape.parse(fleet.scrape(Exposition.TEXT));
        assertEquals(NOW.getEpochSecond(), s.value("kdump_receiver_last_dump_timestamp_seconds"));
        assertFalse(fleet.scrape(Exposition.TEXT).contains("web-1"));
    }

    @Test
    void zeroDurationFileIsTimedButHasNoThroughput() {
        bus.publish(finished("d", "empty", "ssh", 0, 0, "truncated", "empty", Duration.ZERO));
        Scrape s = scrape();
        assertEquals(1.0, s.value("kdump_receiver_transfer_duration_seconds_count", "protocol", "ssh"));
        assertFalse(s.has("kdump_receiver_transfer_throughput_bytes_per_second_count", "protocol", "ssh"));
        assertTrue(s.has("kdump_receiver_dumps_total", "protocol", "ssh"));
    }
}
