package org.kdumpreceiver.ingest;

import org.kdumpreceiver.format.VerdictReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per ingest event, each naming host and dump id; byte counts go to metrics, not here. */
public final class EventLog implements IngestListener {
    private static final Logger LOG = LoggerFactory.getLogger("ingest");

    @Override
    public void on(ReceiverEvent event) {
        if (event instanceof IngestEvent.DumpOpened e) {
            LOG.info("dump opened host={} dump={} protocol={} client={} dir={}",
                    e.host(), e.dumpId(), e.protocol(), e.clientAddress(), e.clientDirectory());
        } else if (event instanceof IngestEvent.FileStarted e) {
            LOG.info("file started host={} dump={} file={}", e.host(), e.dumpId(), e.clientName());
        } else if (event instanceof IngestEvent.FileFinished e) {
            String line = "file {} host={} dump={} file={} stored={} bytes_in={} bytes_stored={} format={}"
                    + " verdict={} reason={} seconds={}";
            Object[] args = {e.aborted() ? "aborted" : "finished", e.host(), e.dumpId(), e.clientName(),
                    e.storedName(), e.bytesIn(), e.bytesStored(), e.format(), e.verdict(), e.reason(),
                    String.format("%.3f", e.duration().toNanos() / 1e9)};
            if ("complete".equals(e.verdict())) {
                LOG.info(line, args);
            } else {
                LOG.warn(line, args);
            }
        } else if (event instanceof IngestEvent.FileFailed e) {
            LOG.error("file failed host={} dump={} file={} bytes_in={} reason={}: {}",
                    e.host(), e.dumpId(), e.clientName(), e.bytesIn(), e.reason(), e.message());
        } else if (event instanceof IngestEvent.FileRenamed e) {
            LOG.info("file renamed host={} dump={} from={} to={}", e.host(), e.dumpId(), e.from(), e.to());
        } else if (event instanceof IngestEvent.FileRecovered e) {
            LOG.warn("file recovered host={} dump={} stored={} bytes_stored={} verdict=truncated reason={}",
                    e.host(), e.dumpId(), e.storedName(), e.bytesStored(), VerdictReason.RECEIVER_RESTART);
        } else if (event instanceof FrontEndEvent.SessionOpened e) {
            LOG.info("session opened protocol={} host={} client={}", e.protocol(), e.host(), e.clientAddress());
        } else if (event instanceof FrontEndEvent.SessionClosed e) {
            LOG.info("session closed protocol={} host={} client={} seconds={}", e.protocol(), e.host(),
                    e.clientAddress(), String.format("%.3f", e.durationMillis() / 1e3));
        } else if (event instanceof FrontEndEvent.AuthFailed e) {
            LOG.warn("auth failed protocol={} client={} user={} reason={}", e.protocol(), e.clientAddress(),
                    e.user(), e.reason());
        } else if (event instanceof FrontEndEvent.CommandRejected e) {
            LOG.warn("command rejected protocol={} host={} client={} reason={} command={}", e.protocol(), e.host(),
                    e.clientAddress(), e.reason(), e.command());
        } else if (event instanceof FrontEndEvent.CommandCompleted e) {
            LOG.info("command done protocol={} host={} client={} status={} seconds={} command={}", e.protocol(),
                    e.host(), e.clientAddress(), e.status(), String.format("%.3f", e.durationMillis() / 1e3),
                    e.command());
        } else if (event instanceof FrontEndEvent.Enrolment e) {
            LOG.info("enrolment protocol={} host={} client={} result={} {}", e.protocol(), e.host(),
                    e.clientAddress(), e.result(), e.detail());
        } else if (event instanceof FrontEndEvent.SessionRefused e) {
            LOG.warn("session refused protocol={} client={} reason={}", e.protocol(), e.clientAddress(), e.reason());
        }
        // BytesReceived is deliberately not logged: one line per write would drown the log.
    }
}
