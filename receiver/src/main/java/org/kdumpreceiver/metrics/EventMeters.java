package org.kdumpreceiver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.kdumpreceiver.format.Verdict;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.AuthFailure;
import org.kdumpreceiver.ingest.EnrolmentResult;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.IngestEvent;
import org.kdumpreceiver.ingest.IngestListener;
import org.kdumpreceiver.ingest.ReceiverEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns receiver events into meters. Runs on the thread of the front end that caused the event, so
 * the meters of each label set are looked up once and kept: {@code BytesReceived} comes with every write.
 */
final class EventMeters implements IngestListener {
    private static final Logger LOG = LoggerFactory.getLogger("metrics");

    // Throughput of one file: from a trickle over a bad link to a fast local disk.
    private static final double MB = 1e6;
    private static final double[] THROUGHPUT_BUCKETS = {
        0.1 * MB, 1 * MB, 5 * MB, 10 * MB, 25 * MB, 50 * MB, 100 * MB, 250 * MB, 500 * MB, 1000 * MB, 2500 * MB};
    // A dmesg takes milliseconds, a vmcore of a large host an hour over a slow link.
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
        Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3)};

    private record Pair(String a, String b) {}

    /** A file in flight, so that whichever of FileFailed and FileFinished comes first ends it once. */
    private record Transfer(String dumpId, String clientName) {}

    private final MeterRegistry registry;
    private final LastDumpTimes lastDump;
    private final Clock clock;
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, Counter> stored = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> throughput = new ConcurrentHashMap<>();
    private final Map<String, Timer> duration = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    private final Map<Transfer, String> inFlight = new ConcurrentHashMap<>();
    private final Map<Pair, Counter> dumps = new ConcurrentHashMap<>();
    private final Map<Pair, Counter> truncated = new ConcurrentHashMap<>();
    private final Map<Pair, Counter> authFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> enrolments = new ConcurrentHashMap<>();
    private final Map<Pair, Counter> refused = new ConcurrentHashMap<>();

    EventMeters(MeterRegistry registry, LastDumpTimes lastDump, Clock clock) {
        this.registry = registry;
        this.lastDump = lastDump;
        this.clock = clock;
        // Series that alerts use with increase() must exist at 0 before their first event, or the
        // first truncated dump would be the series' first sample and show no increase.
        for (String protocol : Labels.PROTOCOLS) {
            active(protocol);
            for (String verdict : Labels.VERDICTS) {
                dumps(protocol, verdict);
            }
        }
        for (EnrolmentResult result : EnrolmentResult.values()) {
            enrolments(result.token());
        }
        // One series per reason, under the protocol that reports it: the AuthFailuresBurst alert sees the
        // first burst whole, and a reason another protocol never reports adds no empty series.
        for (AuthFailure reason : AuthFailure.values()) {
            authFailures(reason.protocol().token(), reason.token());
        }
    }

    @Override
    public void on(ReceiverEvent event) {
        try {
            record(event);
        } catch (RuntimeException e) {
            // A metrics bug must never fail an upload: the listener runs inside FileSink.write().
            LOG.warn("metrics could not record {}: {}", event.getClass().getSimpleName(), e.toString());
        }
    }

    private void record(ReceiverEvent event) {
        if (event instanceof IngestEvent.BytesReceived e) {
            received.computeIfAbsent(Labels.protocol(e.protocol()), p -> bytesCounter(Names.RECEIVED, p,
                    "Plaintext bytes received from clients")).increment(e.bytes());
        } else if (event instanceof IngestEvent.DumpOpened e) {
            lastDump.mark(e.host(), clock.instant());
        } else if (event instanceof IngestEvent.FileStarted e) {
            String protocol = Labels.protocol(e.protocol());
            if (inFlight.putIfAbsent(new Transfer(e.dumpId(), e.clientName()), protocol) == null) {
                active(protocol).incrementAndGet();
            }
        } else if (event instanceof IngestEvent.FileFailed e) {
            ended(e.dumpId(), e.clientName());
        } else if (event instanceof IngestEvent.FileFinished e) {
            finished(e);
        } else if (event instanceof IngestEvent.FileRecovered e) {
            String protocol = Labels.protocol(e.protocol());
            dumps(protocol, Verdict.TRUNCATED.label()).increment();
            truncated(protocol, VerdictReason.RECEIVER_RESTART.token()).increment();
        } else if (event instanceof FrontEndEvent.AuthFailed e) {
            authFailures(e.protocol().token(), e.reason().token()).increment();
        } else if (event instanceof FrontEndEvent.CommandRejected e) {
            rejected.computeIfAbsent(e.reason().token(),
                    r -> Counter.builder(Names.COMMANDS_REJECTED).description("Client commands refused")
                            .tag("reason", r).register(registry)).increment();
        } else if (event instanceof FrontEndEvent.Enrolment e) {
            enrolments(e.result().token()).increment();
        } else if (event instanceof FrontEndEvent.SessionRefused e) {
            refused.computeIfAbsent(new Pair(e.protocol().token(), e.reason().token()),
                    k -> Counter.builder(Names.SESSIONS_REFUSED)
                    .description("Sessions refused before authentication because a limit was reached")
                    .tag("protocol", k.a()).tag("reason", k.b()).register(registry)).increment();
        }
    }

    private void finished(IngestEvent.FileFinished e) {
        String protocol = Labels.protocol(e.protocol());
        ended(e.dumpId(), e.clientName());
        stored.computeIfAbsent(protocol, p -> bytesCounter(Names.STORED, p,
                "Bytes written to the store (compressed and sealed)")).increment(e.bytesStored());
        String verdict = Labels.clamp(Labels.VERDICTS, e.verdict());
        dumps(protocol, verdict).increment();
        if (Verdict.TRUNCATED.label().equals(verdict)) {
            truncated(protocol, Labels.clamp(Labels.TRUNCATION_REASONS, e.reason())).increment();
        }
        Duration took = e.duration();
        if (took != null && !took.isNegative()) {
            duration.computeIfAbsent(protocol, p -> Timer.builder(Names.DURATION)
                    .description("Time from the first to the last byte of each file")
                    .tag("protocol", p).serviceLevelObjectives(DURATION_BUCKETS).register(registry)).record(took);
            if (e.bytesIn() > 0 && !took.isZero()) {
                double rate = e.bytesIn() / (took.toNanos() / 1e9);
                throughput.computeIfAbsent(protocol, p -> DistributionSummary.builder(Names.THROUGHPUT)
                        .description("Average rate of each finished file, plaintext bytes per second")
                        .baseUnit(Names.BYTES_PER_SECOND).tag("protocol", p)
                        .serviceLevelObjectives(THROUGHPUT_BUCKETS).register(registry)).record(rate);
            }
        }
    }

    private void ended(String dumpId, String clientName) {
        String protocol = inFlight.remove(new Transfer(dumpId, clientName));
        if (protocol != null) {
            active(protocol).decrementAndGet();
        }
    }

    private AtomicInteger active(String protocol) {
        return active.computeIfAbsent(protocol, p -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder(Names.ACTIVE, count, AtomicInteger::get).description("Files being received now")
                    .tag("protocol", p).strongReference(true).register(registry);
            return count;
        });
    }

    private Counter dumps(String protocol, String verdict) {
        return dumps.computeIfAbsent(new Pair(protocol, verdict), k -> Counter.builder(Names.DUMPS)
                .description("Files stored, by the verdict on their content").tag("protocol", k.a())
                .tag("verdict", k.b()).register(registry));
    }

    private Counter truncated(String protocol, String reason) {
        return truncated.computeIfAbsent(new Pair(protocol, reason), k -> Counter.builder(Names.TRUNCATED)
                .description("Files stored truncated, by reason").tag("protocol", k.a()).tag("reason", k.b())
                .register(registry));
    }

    private Counter authFailures(String protocol, String reason) {
        return authFailures.computeIfAbsent(new Pair(protocol, reason), k -> Counter.builder(Names.AUTH_FAILURES)
                .description("Failed client authentications").tag("protocol", k.a()).tag("reason", k.b())
                .register(registry));
    }

    private Counter enrolments(String result) {
        return enrolments.computeIfAbsent(result, r -> Counter.builder(Names.ENROLMENTS)
                .description("Host key enrolment attempts, by result").tag("result", r).register(registry));
    }

    private Counter bytesCounter(String name, String protocol, String description) {
        return Counter.builder(name).description(description).baseUnit(Names.BYTES).tag("protocol", protocol)
                .register(registry);
    }
}
