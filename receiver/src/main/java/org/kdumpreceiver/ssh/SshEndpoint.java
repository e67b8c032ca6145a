package org.kdumpreceiver.ssh;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
import org.apache.sshd.server.auth.keyboard.DefaultKeyboardInteractiveAuthenticator;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.enrolment.EnrolmentPassword;
import org.kdumpreceiver.enrolment.EnrolmentTokens;
import org.kdumpreceiver.enrolment.HostRegistry;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.AuthFailure;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.ingest.FrontEndEvent;
import org.kdumpreceiver.ingest.Ingest;
import org.kdumpreceiver.ingest.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded SSH server: public keys for hosts (exec of the kdump commands, the sftp subsystem), enrolment
 * secrets for ssh-copy-id (which can then only enrol a key), and nothing else (no shell, no pty, no
 * forwarding of any kind).
 */
public final class SshEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("ssh");
    private static final AttributeKey<Instant> OPENED = new AttributeKey<>();
    /** AES-GCM first, then AES-CTR: Java's ChaCha20-Poly1305 is several times slower, so it is not offered. */
    private static final List<NamedFactory<Cipher>> CIPHERS = List.of(BuiltinCiphers.aes128gcm,
            BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr);

    /** The SSH channel window: how much of a client's data may wait in the heap per channel. */
    static final long WINDOW_BYTES = 256 * 1024;

    private final SshServer server;
    private final HostTrees trees;
    private final KeyGrants grants;
    private final ExecutorService workers;
    private final ScheduledExecutorService sweeper;
    private final Ingest ingest;

    private SshEndpoint(SshServer server, HostTrees trees, KeyGrants grants, ExecutorService workers,
            ScheduledExecutorService sweeper, Ingest ingest) {
        this.server = server;
        this.trees = trees;
        this.grants = grants;
        this.workers = workers;
        this.sweeper = sweeper;
        this.ingest = ingest;
    }

    public static SshEndpoint start(ReceiverConfig config, Ingest ingest, HostKeys hostKeys) throws IOException {
        EventBus events = ingest.events();
        AuthorizedKeys authorizedKeys = new AuthorizedKeys(config.ssh().authorizedKeys());
        authorizedKeys.reload();
        HostRegistry registry = new HostRegistry(config.stateDir());
        KeyGrants keys = new KeyGrants(authorizedKeys, registry);
        Clock clock = ingest.clock();
        EnrolmentTokens tokens = new EnrolmentTokens(config.stateDir(), clock);
        SecretAuthenticator secrets = new SecretAuthenticator(tokens, new EnrolmentPassword(config.stateDir()),
                config.enrolment(), new FailureLimiter(config.enrolment(), clock), events, clock);
        KeyEnrolment enrolment = new KeyEnrolment(registry, keys, tokens, config.enrolment(), events, clock);
        HostTrees trees = new HostTrees(ingest, List.of(ingest.storeRoot(), config.stateDir()));
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ssh-command");
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dump-window-sweeper");
            t.setDaemon(true);
            return t;
        });
        // A periodic task that throws is never run again: log and go on, or no dump would be released.
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                ingest.sweepViews();
            } catch (RuntimeException e) {
                LOG.error("dump window sweep failed: {}", e.toString(), e);
            }
        }, 1, 1, TimeUnit.MINUTES);
        StorageSpace space = () -> ingest.space().usable();
        SessionGate gate = new SessionGate(config.limits().maxSessions(), config.limits().maxSessionsPerAddress(), events);

        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(config.ssh().listen().host());
        server.setPort(config.ssh().listen().port());
        server.setKeyPairProvider(hostKeys.provider());
        server.setCipherFactories(CIPHERS);
        // Password and keyboard-interactive take only enrolment secrets (ssh-copy-id asks for a "password").
        server.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory(), new UserAuthKeyboardInteractiveFactory(),
                new UserAuthPasswordFactory()));
        server.setPublickeyAuthenticator(new KeyAuthenticator(keys));
        server.setPasswordAuthenticator(secrets);
        server.setKeyboardInteractiveAuthenticator(new DefaultKeyboardInteractiveAuthenticator());
        server.setShellFactory(null);
        server.setAgentFactory(null);
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setChannelFactories(List.<ChannelFactory>of(new NoPtyChannelFactory()));
        server.setCommandFactory((channel, command) -> channel.getSession().getAttribute(EnrolmentGrant.KEY) != null
                ? new EnrolExec(command, enrolment, workers, events)
                : new ExecCommand(command, trees, workers, events, space));
        server.setSubsystemFactories(List.of(new SubsystemFactory() {
            @Override
            public String getName() {
                return "sftp";
            }

            @Override
            public org.apache.sshd.server.command.Command createSubsystem(ChannelSession channel) {
                return channel.getSession().getAttribute(EnrolmentGrant.KEY) != null
                        ? new EnrolSftp(enrolment, workers, events, clock)
                        : new SftpSubsystem(trees, workers, events);
            }
        }));
        server.addSessionListener(gate);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, "kdump-receiver");
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, config.limits().maxAuthAttempts());
        CoreModuleProperties.IDLE_TIMEOUT.set(server, config.limits().idleTimeout());
        CoreModuleProperties.AUTH_TIMEOUT.set(server, java.time.Duration.ofMinutes(1));
        // What a client may send before the receiver has read it sits in the heap: MINA's default 2 MiB
        // window per channel let 50 concurrent dumps exhaust the unit's -Xmx192m. 256 KiB keeps a loopback
        // or LAN stream as fast (bench/README.md, "bench/storm") and makes the window the client's brake.
        CoreModuleProperties.WINDOW_SIZE.set(server, WINDOW_BYTES);
        // ssh-copy-id runs under sshpass in automation, which answers prompts containing "assword".
        CoreModuleProperties.KB_SERVER_INTERACTIVE_PROMPT.set(server, "Enrolment token or password: ");
        server.addSessionListener(new SessionEvents(events, gate, clock));
        server.start();
        LOG.info("ssh listening on {}:{} keys={} host_keys={}", config.ssh().listen().host(),
                server.getPort(), keys.describe(), hostKeys.keys().stream().map(HostKeys.Key::fingerprint).toList());
        return new SshEndpoint(server, trees, keys, workers, sweeper, ingest);
    }

    public boolean isOpen() {
        return server.isOpen();
    }

    public int port() {
        return server.getPort();
    }

    /** SIGHUP: read the authorized keys again now (the host registry is checked at every login anyway). */
    public void reloadKeys() {
        grants.reload();
    }

    /** Transfers in flight are ended and kept as truncated ({@code receiver-stopped}). */
    @Override
    public void close() throws IOException {
        ingest.stopping(VerdictReason.RECEIVER_STOPPED);
        sweeper.shutdownNow();
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
        private final Clock clock;

        SessionEvents(EventBus events, SessionGate gate, Clock clock) {
            this.events = events;
            this.gate = gate;
            this.clock = clock;
        }

        @Override
        public void sessionEvent(Session session, Event event) {
            if (event == Event.Authenticated) {
                session.setAttribute(OPENED, clock.instant());
                events.publish(new FrontEndEvent.SessionOpened(Protocol.SSH, hostOf(session), clientOf(session)));
            }
        }

        @Override
        public void sessionClosed(Session session) {
            if (!gate.admitted(session)) {
                return;  // refused at the door; SessionGate reported it
            }
            String address = KeyAuthenticator.address(session.getRemoteAddress());
            Instant opened = session.getAttribute(OPENED);
            if (opened != null) {
                events.publish(new FrontEndEvent.SessionClosed(Protocol.SSH, hostOf(session), clientOf(session),
                        java.time.Duration.between(opened, clock.instant()).toMillis()));
            } else if (session.getAttribute(SessionIdentity.FAILURE_REPORTED) == null) {
                AuthFailure refusal = session.getAttribute(SessionIdentity.LAST_REFUSAL);
                events.publish(new FrontEndEvent.AuthFailed(Protocol.SSH, address, session.getUsername(),
                        refusal != null ? refusal : AuthFailure.NO_ACCEPTED_METHOD));
            }
        }

        /** The host of a key session; an enrolment session has none yet. */
        private static String hostOf(Session session) {
            SessionIdentity id = session.getAttribute(SessionIdentity.KEY);
            return id != null ? id.host().name() : "(enrolment)";
        }

        private static String clientOf(Session session) {
            SessionIdentity id = session.getAttribute(SessionIdentity.KEY);
            return id != null ? id.clientAddress() : KeyAuthenticator.address(session.getRemoteAddress());
        }
    }

}
