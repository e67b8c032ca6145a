package org.kdumpreceiver.ssh;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.Protocol;
import org.kdumpreceiver.ingest.SessionRefusal;

/**
 * Closes a new connection at once, before any SSH exchange, when {@code limits.max_sessions} or
 * {@code limits.max_sessions_per_address} is reached, so one misbehaving host cannot crowd out the
 * others during a crash storm. The client sees the connection closed (ssh exit 255, which RHEL's
 * first kernel retries).
 */
final class SessionGate implements SessionListener {
    private static final AttributeKey<String> ADMITTED = new AttributeKey<>();

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
    public void sessionCreated(Session session) {
        String address = KeyAuthenticator.address(session.getRemoteAddress());
        SessionRefusal refusal = admit(address);
        if (refusal == null) {
            session.setAttribute(ADMITTED, address);
            return;
        }
        events.publish(new FrontEndEvent.SessionRefused(Protocol.SSH, address, refusal));
        session.close(true);
    }

    @Override
    public void sessionClosed(Session session) {
        String address = session.getAttribute(ADMITTED);
        if (address != null) {
            synchronized (perAddress) {
                total.decrementAndGet();
                AtomicInteger mine = perAddress.get(address);
                if (mine != null && mine.decrementAndGet() <= 0) {
                    perAddress.remove(address);
                }
            }
        }
    }

    boolean admitted(Session session) {
        return session.getAttribute(ADMITTED) != null;
    }

    private SessionRefusal admit(String address) {
        synchronized (perAddress) {
            if (total.get() >= maxTotal) {
                return SessionRefusal.MAX_SESSIONS;
            }
            AtomicInteger mine = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
            if (mine.get() >= maxPerAddress) {
                return SessionRefusal.MAX_SESSIONS_PER_ADDRESS;
            }
            total.incrementAndGet();
            mine.incrementAndGet();
            return null;
        }
    }
}
