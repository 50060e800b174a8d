package io.barcast.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Prometheus registry with JVM and process metrics, plus Kafka Streams' own metrics through
 * Micrometer's binder, refreshed every {@code refresh} on a daemon thread (the binder's default is 60 s).
 */
public final class MetricsSetup implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "barcast-metrics-refresh");
        t.setDaemon(true);
        return t;
    });
    private KafkaStreamsMetrics streamsMetrics;

    public MetricsSetup(String applicationId) {
        registry.config().commonTags(List.of(Tag.of("application", applicationId)));
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Binds Kafka Streams' metrics; an {@link ExportedStreams}, so that none read a store's native handle. */
    public void bindKafkaStreams(ExportedStreams streams, Duration refresh) {
        streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), scheduler, refresh);
        streamsMetrics.bindTo(registry);
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        gc.close();
        scheduler.shutdownNow();
        registry.close();
    }
}
