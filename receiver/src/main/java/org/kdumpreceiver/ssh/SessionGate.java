package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoServiceEventListener;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;

/**
 * Refuses a connection before any SSH exchange when {@code limits.max_sessions} or
 * {@code limits.max_sessions_per_address} is reached, so one misbehaving host cannot crowd out the
 * others during a crash storm.
 */
final class SessionGate implements IoServiceEventListener {
    private final int maxTotal;
    private final int maxPerAddress;
    private final EventBus events;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    SessionGate(int maxTotal, int maxPerAddress, EventBus events) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.events = events;
    }

    @Override
    public void connectionAccepted(IoAcceptor acceptor, SocketAddress local, SocketAddress remote, SocketAddress service)
            throws IOException {
        String address = KeyAuthenticator.address(remote);
        AtomicInteger mine = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            refuse(address, "max-sessions", "limits.max_sessions (" + maxTotal + ") reached");
        }
        if (mine.incrementAndGet() > maxPerAddress) {
            mine.decrementAndGet();
            total.decrementAndGet();
            refuse(address, "max-sessions-per-address", "limits.max_sessions_per_address (" + maxPerAddress
                    + ") reached for " + address);
        }
    }

    /** A connection that was let in has ended. */
    void released(String address) {
        total.decrementAndGet();
        AtomicInteger mine = perAddress.get(address);
        if (mine != null && mine.decrementAndGet() <= 0) {
            perAddress.remove(address, mine);
        }
    }

    private void refuse(String address, String reason, String message) throws IOException {
        events.publish(new FrontEndEvent.SessionRefused("ssh", address, reason));
        throw new IOException("refused connection from " + address + ": " + message);
    }
}
