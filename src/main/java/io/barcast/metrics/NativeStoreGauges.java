package io.barcast.metrics;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Kafka Streams' RocksDB property gauges ({@code estimate-num-keys}, {@code block-cache-usage}, {@code size-all-mem-tables}
 * and the rest of KIP-607) read the store's native handle with no lock against the store's close (KAFKA-10025). Read
 * while a task closes its stores (at a stop or a rebalance), as Micrometer's binder reads every metric whenever the set
 * of metrics changes and Prometheus on every scrape, one frees the handle under the other and the JVM aborts
 * ({@code pthread lock: Invalid argument}, exit 134). This filter keeps them out of what Barcast exports; Kafka Streams'
 * sensors (rates, latencies, totals) and the store gauges computed in Java stay.
 */
public final class NativeStoreGauges {

    /** The group of Kafka Streams' store-level metrics. */
    static final String STATE_GROUP = "stream-state-metrics";
    /** Store-level gauges computed in Java, not by RocksDB (KIP-989's open iterators). */
    static final Set<String> JAVA_GAUGES = Set.of("num-open-iterators", "oldest-iterator-open-since-ms");

    private NativeStoreGauges() {
    }

    /** True for a store-level gauge whose value is read from RocksDB's native handle. */
    public static boolean readsNativeHandle(Metric metric) {
        MetricName name = metric.metricName();
        boolean gauge = metric instanceof KafkaMetric k ? !k.isMeasurable() : true;
        return gauge && STATE_GROUP.equals(name.group()) && !JAVA_GAUGES.contains(name.name());
    }

    /** The metrics without the native store gauges, in their order. */
    public static Map<MetricName, Metric> without(Map<MetricName, ? extends Metric> metrics) {
        Map<MetricName, Metric> kept = new LinkedHashMap<>();
        metrics.forEach((name, metric) -> {
            if (!readsNativeHandle(metric)) {
                kept.put(name, metric);
            }
        });
        return kept;
    }
}
