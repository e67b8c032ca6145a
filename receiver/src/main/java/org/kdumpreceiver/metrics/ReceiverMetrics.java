package org.kdumpreceiver.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.kdumpreceiver.config.ReceiverConfig;
import org.kdumpreceiver.ingest.EventBus;
import org.kdumpreceiver.store.DumpStore;

/**
 * The receiver's Prometheus side, the only Micrometer user: {@link #create} subscribes the meters to
 * the event bus (before store recovery, so recovered files are counted), {@link #serve} opens the HTTP
 * endpoint (after recovery), {@link #close} stops it.
 */
public final class ReceiverMetrics implements AutoCloseable {
    private final ReceiverConfig.Metrics config;
    private final PrometheusMeterRegistry registry;
    private final Credentials credentials;
    private final ProcessMeters process;
    private final Duration requestTimeout;
    private MetricsEndpoint endpoint;

    private ReceiverMetrics(ReceiverConfig.Metrics config, PrometheusMeterRegistry registry, Credentials credentials,
            ProcessMeters process, Duration requestTimeout) {
        this.config = config;
        this.registry = registry;
        this.credentials = credentials;
        this.process = process;
        this.requestTimeout = requestTimeout;
    }

    /** Reads the credential files, registers every meter and subscribes to {@code events}. */
    public static ReceiverMetrics create(ReceiverConfig.Metrics config, DumpStore store, long minFreeBytes,
            EventBus events) throws IOException {
        return create(config, store, minFreeBytes, events, MetricsEndpoint.REQUEST_TIMEOUT);
    }

    static ReceiverMetrics create(ReceiverConfig.Metrics config, DumpStore store, long minFreeBytes, EventBus events,
            Duration requestTimeout) throws IOException {
        Credentials credentials = Credentials.load(config.bearerTokenFile(), config.basicAuthFile());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessMeters process = ProcessMeters.bind(registry);
        StorageGauges.register(registry, store, minFreeBytes);
        LastDumpTimes lastDump = new LastDumpTimes(registry, config.hostLabel());
        lastDump.seed(store);
        events.subscribe(new EventMeters(registry, lastDump, store.clock()));
        return new ReceiverMetrics(config, registry, credentials, process, requestTimeout);
    }

    /** Opens the endpoint on {@code metrics.listen}; returns the bound address (port 0 picks one). */
    public InetSocketAddress serve(Readiness readiness) throws IOException {
        if (endpoint != null) {
            throw new IllegalStateException("already serving on " + endpoint.address());
        }
        InetSocketAddress address = new InetSocketAddress(config.listen().host(), config.listen().port());
        endpoint = MetricsEndpoint.start(address,
                new Routes(new Exposition(registry), readiness, credentials), requestTimeout);
        readiness.listener("metrics", endpoint::isBound);
        return endpoint.address();
    }

    /** Whether scrapers must authenticate. */
    public boolean authRequired() {
        return credentials.required();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
        process.close();
        registry.close();
    }
}
