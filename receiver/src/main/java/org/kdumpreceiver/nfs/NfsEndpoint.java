package org.kdumpreceiver.nfs;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dcache.oncrpc4j.rpc.OncRpcProgram;
import org.dcache.oncrpc4j.rpc.OncRpcSvc;
import org.dcache.oncrpc4j.rpc.OncRpcSvcBuilder;
import org.dcache.oncrpc4j.rpc.RpcDispatchable;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.format.VerdictReason;
import org.kdumpreceiver.ingest.Ingest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NFS export: NFSv3 and NFSv4.1 on {@code nfs.listen}, MOUNT v3 on {@code nfs.mount_port}, and optionally an
 * embedded portmapper on {@code nfs.portmap_port}; TCP only, AUTH_SYS only. See docs/nfs.md.
 */
public final class NfsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("nfs");
    /** A file with a final name (not *-incomplete) that got no WRITE for this long is sealed. */
    static final Duration FINISH_IDLE = Duration.ofSeconds(60);
    /** A *-incomplete file that got no WRITE for this long is given up (sealed as truncated, idle-timeout). */
    static final Duration ABANDON_IDLE = Duration.ofMinutes(30);

    private final List<OncRpcSvc> services;
    private final Exports exports;
    private final ScheduledExecutorService sweeper;
    private final int nfsPort;
    private final int mountPort;
    private final int portmapPort;
    private volatile boolean open = true;

    private NfsEndpoint(List<OncRpcSvc> services, Exports exports, ScheduledExecutorService sweeper, int nfsPort,
            int mountPort, int portmapPort) {
        this.services = services;
        this.exports = exports;
        this.sweeper = sweeper;
        this.nfsPort = nfsPort;
        this.mountPort = mountPort;
        this.portmapPort = portmapPort;
    }

    public static NfsEndpoint start(ReceiverConfig config, Ingest ingest) throws IOException {
        return start(config, ingest, FINISH_IDLE, ABANDON_IDLE);
    }

    static NfsEndpoint start(ReceiverConfig config, Ingest ingest, Duration finishIdle, Duration abandonIdle)
            throws IOException {
        ReceiverConfig.Nfs nfs = config.nfs();
        NfsEvents events = new NfsEvents(ingest.events());
        Exports exports = new Exports(ingest, nfs.export(), config.limits().bufferBytesPerFile(),
                finishIdle, abandonIdle, events);
        String bind = nfs.listen().host();
        List<OncRpcSvc> services = new ArrayList<>();
        try {
            // Inside the try: a client setting it cannot use fails the start like a port in use does.
            ClientAccess access = new ClientAccess(nfs.clients(), nfs.hosts());
            Nfs4Program nfs4 = new Nfs4Program(exports, access, events);
            OncRpcSvc nfsSvc = builder(bind, nfs.listen().port(), "nfs")
                    .withRpcService(new OncRpcProgram(Nfs3Program.PROGRAM, Nfs3Program.VERSION),
                            new Nfs3Program(exports, access, events))
                    .withRpcService(new OncRpcProgram(Nfs4Program.PROGRAM, Nfs4Program.VERSION), nfs4)
                    .build();
            nfsSvc.start();
            services.add(nfsSvc);
            OncRpcSvc mountSvc = service(bind, nfs.mountPort(), "mountd",
                    new OncRpcProgram(MountProgram.PROGRAM, MountProgram.VERSION),
                    new MountProgram(exports, access, events, nfs.clients()));
            services.add(mountSvc);
            int nfsPort = port(nfsSvc);
            int mountPort = port(mountSvc);
            int portmapPort = -1;
            if (nfs.portmap()) {
                Portmapper pm = new Portmapper(List.of(
                        new Portmapper.Mapping(Nfs3Program.PROGRAM, Nfs3Program.VERSION, nfsPort),
                        new Portmapper.Mapping(Nfs4Program.PROGRAM, Nfs4Program.VERSION, nfsPort),
                        new Portmapper.Mapping(MountProgram.PROGRAM, MountProgram.VERSION, mountPort),
                        new Portmapper.Mapping(Portmapper.PROGRAM, 2, 0),
                        new Portmapper.Mapping(Portmapper.PROGRAM, 3, 0),
                        new Portmapper.Mapping(Portmapper.PROGRAM, 4, 0)));
                OncRpcSvcBuilder b = builder(bind, nfs.portmapPort(), "portmap");
                for (int v = 2; v <= 4; v++) {
                    b.withRpcService(new OncRpcProgram(Portmapper.PROGRAM, v), pm);
                }
                OncRpcSvc pmSvc = b.build();
                pmSvc.start();
                services.add(pmSvc);
                portmapPort = port(pmSvc);
                pm.selfPort(portmapPort);
            }
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "nfs-sweeper");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(100, Math.min(5000, finishIdle.toMillis() / 4));
            // A periodic task that throws is never run again; log and go on instead, or no file would be
            // finished by idleness for the rest of the daemon's life.
            sweeper.scheduleWithFixedDelay(() -> {
                try {
                    exports.sweep();
                    nfs4.sweep(exports.now());
                } catch (RuntimeException e) {
                    LOG.error("nfs idle sweep failed: {}", e.toString(), e);
                }
            }, every, every, TimeUnit.MILLISECONDS);
            LOG.info("nfs listening on {}:{} (NFSv3 and NFSv4.1, TCP) mount_port={} portmap={} export={} clients={}", bind, nfsPort,
                    mountPort, portmapPort < 0 ? "off" : Integer.toString(portmapPort), nfs.export(), nfs.clients());
            return new NfsEndpoint(services, exports, sweeper, nfsPort, mountPort, portmapPort);
        } catch (IOException | RuntimeException e) {
            for (OncRpcSvc s : services) {
                s.stop();
            }
            throw new IOException("cannot start the NFS export on " + nfs.listen() + ": " + e.getMessage(), e);
        }
    }

    private static OncRpcSvcBuilder builder(String bind, int port, String name) {
        return new OncRpcSvcBuilder()
                .withTCP()
                .withoutAutoPublish()
                .withBindAddress(bind)
                .withPort(port)
                .withServiceName(name)
                .withSameThreadIoStrategy()
                .withSelectorThreadPoolSize(2);
    }

    private static OncRpcSvc service(String bind, int port, String name, OncRpcProgram program,
            RpcDispatchable handler) throws IOException {
        OncRpcSvc svc = builder(bind, port, name).withRpcService(program, handler).build();
        svc.start();
        return svc;
    }

    private static int port(OncRpcSvc svc) {
        return svc.getInetSocketAddress(IpProtocolType.TCP).getPort();
    }

    public boolean isOpen() {
        return open;
    }

    public int port() {
        return nfsPort;
    }

    public int mountPort() {
        return mountPort;
    }

    /** The embedded portmapper's port, or -1 when it is off. */
    public int portmapPort() {
        return portmapPort;
    }

    /** Files still being written are kept as truncated ({@code receiver-stopped}). */
    @Override
    public void close() throws IOException {
        open = false;
        sweeper.shutdownNow();
        for (OncRpcSvc s : services) {
            s.stop(5, TimeUnit.SECONDS);
        }
        exports.closeAll(VerdictReason.RECEIVER_STOPPED);
    }
}
