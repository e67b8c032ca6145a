package org.kdumpreceiver.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.ingest.EventLog;
import org.kdumpreceiver.ingest.Ingest;
import org.kdumpreceiver.metrics.Readiness;
import org.kdumpreceiver.nfs.NfsEndpoint;
import org.kdumpreceiver.metrics.ReceiverMetrics;
import org.kdumpreceiver.store.DumpStore;
import org.kdumpreceiver.ssh.HostKeys;
import org.kdumpreceiver.ssh.SshEndpoint;
import org.kdumpreceiver.store.SealingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

/** The daemon: recovers the store, starts the front ends, runs until SIGTERM or SIGINT. */
@Command(name = "serve", description = "Run the receiver until SIGTERM.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("serve");

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        ReceiverConfig config = configOption.load();
        StateDirectory.create(config.stateDir());
        try (FileChannel lockFile = FileChannel.open(config.stateDir().resolve("serve.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new IOException("another kdump-receiver is already serving state directory "
                        + config.stateDir().toAbsolutePath());
            }
            return serve(config);
        }
    }

    private int serve(ReceiverConfig config) throws Exception {
        LOG.info("starting: config={} state_dir={} storage.root={} compression=zstd:{} recipients={}",
                config.source(), config.stateDir().toAbsolutePath().normalize(),
                config.storage().root().toAbsolutePath().normalize(),
                config.compression().level(), config.encryption().recipients().size());
        SealingPolicy policy = SealingKeys.policy(config);
        DumpStore store = new DumpStore(config.storage().root(), Clock.systemUTC());
        Files.createDirectories(store.root());
        Ingest ingest = new Ingest(store, policy);
        ingest.subscribe(new EventLog());
        // Subscribed before recovery so that recovered files are counted; served only after it.
        ReceiverMetrics metrics = config.metrics().enabled() ? ReceiverMetrics.create(config.metrics(), store,
                config.storage().minFreeBytes(), ingest.events()) : null;
        int recovered = ingest.recover().size();
        Readiness readiness = new Readiness(store, config.storage().minFreeBytes());
        try (SshEndpoint ssh = SshEndpoint.start(config, ingest, HostKeys.loadOrCreate(config.stateDir()));
                NfsEndpoint nfs = config.nfs().enabled() ? NfsEndpoint.start(config, ingest) : null) {
            readiness.listener("ssh", ssh::isOpen);
            if (nfs != null) {
                readiness.listener("nfs", nfs::isOpen);
            } else {
                LOG.info("nfs disabled (nfs.enabled: false)");
            }
            serveMetrics(metrics, readiness);
            LOG.info("ready: storage.root={} free_bytes={} recovered_files={} ssh_port={} nfs_port={}", store.root(),
                    store.freeBytes(), recovered, ssh.port(), nfs == null ? "off" : Integer.toString(nfs.port()));
            Signal.handle(new Signal("HUP"), signal -> {
                LOG.info("received SIGHUP, reloading ssh.authorized_keys");
                ssh.reloadKeys();
            });
            awaitStop();
        } finally {
            // Both front ends have ended their files by now (closed in reverse order above): release the
            // dumps that are still bound, with their space reserves.
            ingest.closeViews();
            if (metrics != null) {
                metrics.close();
            }
        }
        LOG.info("stopped");
        return 0;
    }

    private static void awaitStop() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                LOG.info("received SIG{}, stopping", signal.getName());
                stop.countDown();
            });
        }
        stop.await();
    }

    private static void serveMetrics(ReceiverMetrics metrics, Readiness readiness) throws IOException {
        if (metrics == null) {
            LOG.info("metrics disabled (metrics.enabled: false)");
            return;
        }
        InetSocketAddress bound = metrics.serve(readiness);
        String host = bound.getAddress().getHostAddress();
        LOG.info("metrics listening on http://{}:{}/metrics auth={}", host.contains(":") ? "[" + host + "]" : host,
                bound.getPort(), metrics.authRequired() ? "required" : "none");
    }
}
