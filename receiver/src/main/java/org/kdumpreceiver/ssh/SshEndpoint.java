package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.Ingest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded SSH server: public keys only, exec of the kdump commands, the sftp subsystem, and
 * nothing else (no shell, no pty, no forwarding of any kind).
 */
public final class SshEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("ssh");
    private static final AttributeKey<Instant> OPENED = new AttributeKey<>();
    /** AES-GCM first, then AES-CTR: Java's ChaCha20-Poly1305 is several times slower, so it is not offered. */
    private static final List<NamedFactory<Cipher>> CIPHERS = List.of(BuiltinCiphers.aes128gcm,
            BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr);

    private final SshServer server;
    private final HostTrees trees;
    private final AuthorizedKeys authorizedKeys;
    private final ExecutorService workers;

    private SshEndpoint(SshServer server, HostTrees trees, AuthorizedKeys authorizedKeys, ExecutorService workers) {
        this.server = server;
        this.trees = trees;
        this.authorizedKeys = authorizedKeys;
        this.workers = workers;
    }

    public static SshEndpoint start(ReceiverConfig config, Ingest ingest, HostKeys hostKeys) throws IOException {
        EventBus events = ingest.events();
        AuthorizedKeys keys = new AuthorizedKeys(config.ssh().authorizedKeys());
        keys.reload();
        HostTrees trees = new HostTrees(ingest, Clock.systemUTC(),
                List.of(ingest.store().root(), config.stateDir()));
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ssh-command");
            t.setDaemon(true);
            return t;
        });
        StorageSpace space = () -> ingest.store().freeBytes();
        SessionGate gate = new SessionGate(config.limits().maxSessions(), config.limits().maxSessionsPerAddress(), events);

        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(config.ssh().listen().host());
        server.setPort(config.ssh().listen().port());
        server.setKeyPairProvider(hostKeys.provider());
        server.setCipherFactories(CIPHERS);
        server.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory()));
        server.setPublickeyAuthenticator(new KeyAuthenticator(keys));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setShellFactory(null);
        server.setAgentFactory(null);
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setChannelFactories(List.<ChannelFactory>of(new NoPtyChannelFactory()));
        server.setCommandFactory((channel, command) -> new ExecCommand(command, trees, workers, events, space));
        server.setSubsystemFactories(List.of(new SubsystemFactory() {
            @Override
            public String getName() {
                return "sftp";
            }

            @Override
            public org.apache.sshd.server.command.Command createSubsystem(ChannelSession channel) {
                return new SftpSubsystem(trees, workers, events);
            }
        }));
        server.addSessionListener(gate);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, "kdump-receiver");
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, config.limits().maxAuthAttempts());
        CoreModuleProperties.IDLE_TIMEOUT.set(server, config.limits().idleTimeout());
        CoreModuleProperties.AUTH_TIMEOUT.set(server, java.time.Duration.ofMinutes(1));
        server.addSessionListener(new SessionEvents(events, gate));
        server.start();
        LOG.info("ssh listening on {}:{} authorized_keys={} host_keys={}", config.ssh().listen().host(),
                server.getPort(), keys.file(), hostKeys.keys().stream().map(HostKeys.Key::fingerprint).toList());
        return new SshEndpoint(server, trees, keys, workers);
    }

    public boolean isOpen() {
        return server.isOpen();
    }

    public int port() {
        return server.getPort();
    }

    /** SIGHUP: read the authorized keys again now. */
    public void reloadKeys() {
        authorizedKeys.reload();
    }

    /** Transfers in flight are ended and kept as truncated ({@code receiver-stopped}). */
    @Override
    public void close() throws IOException {
        trees.stopping("receiver-stopped");
        server.stop(true);
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        trees.closeAll();
    }

    /** Sessions that refuse pty requests: kdump clients never ask for one, and there is no terminal here. */
    private static final class NoPtyChannelFactory extends ChannelSessionFactory {
        @Override
        public org.apache.sshd.common.channel.Channel createChannel(Session session) {
            return new ChannelSession() {
                @Override
                protected RequestHandler.Result handlePtyReq(Buffer buffer, boolean wantReply) {
                    return RequestHandler.Result.ReplyFailure;
                }
            };
        }
    }

    /** Session opened/closed and authentication failures, one event each. */
    private static final class SessionEvents implements SessionListener {
        private final EventBus events;
        private final SessionGate gate;

        SessionEvents(EventBus events, SessionGate gate) {
            this.events = events;
            this.gate = gate;
        }

        @Override
        public void sessionEvent(Session session, Event event) {
            if (event == Event.Authenticated) {
                SessionIdentity id = session.getAttribute(SessionIdentity.KEY);
                session.setAttribute(OPENED, Instant.now());
                events.publish(new FrontEndEvent.SessionOpened("ssh", id.host().name(), id.clientAddress()));
            }
        }

        @Override
        public void sessionClosed(Session session) {
            if (!gate.admitted(session)) {
                return;  // refused at the door; SessionGate reported it
            }
            String address = KeyAuthenticator.address(session.getRemoteAddress());
            SessionIdentity id = session.getAttribute(SessionIdentity.KEY);
            Instant opened = session.getAttribute(OPENED);
            if (id != null && opened != null) {
                events.publish(new FrontEndEvent.SessionClosed("ssh", id.host().name(), id.clientAddress(),
                        java.time.Duration.between(opened, Instant.now()).toMillis()));
            } else {
                String refusal = session.getAttribute(SessionIdentity.LAST_REFUSAL);
                events.publish(new FrontEndEvent.AuthFailed("ssh", address, session.getUsername(),
                        refusal != null ? refusal : "no-accepted-method"));
            }
        }
    }

}
