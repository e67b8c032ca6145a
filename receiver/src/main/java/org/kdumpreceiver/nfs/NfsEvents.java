package org.kdumpreceiver.nfs;

import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.store.HostIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The NFS front end's events: mounts as sessions, refused operations, refused clients. */
final class NfsEvents {
    static final String PROTOCOL = "nfs";
    private static final Logger LOG = LoggerFactory.getLogger("nfs");
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
        bus.publish(new FrontEndEvent.AuthFailed(PROTOCOL, address, "", "address-not-allowed"));
        LOG.debug("refused {} from {}", what, address);
    }

    void rejected(HostIdentity host, String address, String operation, NfsRefused e) {
        bus.publish(new FrontEndEvent.CommandRejected(PROTOCOL, host.name(), address,
                operation + ": " + e.getMessage(), e.reason()));
    }

    void fileFinished(HostIdentity host, NfsFile f, String how) {
        LOG.debug("file finished host={} file={} how={} shape={}", host, f.name, how,
                f.log == null ? "none" : f.log.mode() + (f.log.overlaid() ? "+overlay" : ""));
    }
}
