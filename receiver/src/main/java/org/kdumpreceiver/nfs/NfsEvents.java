package org.kdumpreceiver.nfs;

import java.util.EnumSet;
import java.util.Set;
import org.kdumpreceiver.ingest.AuthFailure;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.Protocol;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.store.HostIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The NFS front end's events: mounts as sessions, refused operations, refused clients. */
final class NfsEvents {
    static final Protocol PROTOCOL = Protocol.NFS;
    private static final Logger LOG = LoggerFactory.getLogger("nfs");
    private static final Set<RejectReason> ROUTINE =
            EnumSet.of(RejectReason.NOT_FOUND, RejectReason.EXISTS, RejectReason.COMPLETE_ALREADY);
    private final EventBus bus;

    NfsEvents(EventBus bus) {
        this.bus = bus;
    }

    void mounted(HostIdentity host, String address) {
        bus.publish(new FrontEndEvent.SessionOpened(PROTOCOL, host.name(), address));
    }

    void unmounted(HostIdentity host, String address, long millis) {
        bus.publish(new FrontEndEvent.SessionClosed(PROTOCOL, host.name(), address, millis));
    }

    void refusedClient(String address, String what) {
        bus.publish(new FrontEndEvent.AuthFailed(PROTOCOL, address, "", AuthFailure.ADDRESS_NOT_ALLOWED));
        LOG.debug("refused {} from {}", what, address);
    }

    /**
     * A refused operation becomes an event (a warning in the log, a count in metrics) unless it is routine:
     * part of normal use, such as {@code mkdir -p} looking a name up before creating it, or a client
     * sending RECLAIM_COMPLETE again after a reconnect. The one list for NFSv3 and NFSv4.
     */
    void rejected(HostIdentity host, String address, String operation, NfsRefused e) {
        if (ROUTINE.contains(e.reason())) {
            return;
        }
        bus.publish(new FrontEndEvent.CommandRejected(PROTOCOL, host.name(), address,
                operation + ": " + e.getMessage(), e.reason()));
    }

    void fileFinished(HostIdentity host, NfsFile f, String how) {
        LOG.debug("file finished host={} file={} how={} shape={}", host, f.name, how,
                f.log == null ? "none" : f.log.mode() + (f.log.overlaid() ? "+overlay" : ""));
    }
}
