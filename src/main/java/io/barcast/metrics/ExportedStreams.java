package io.barcast.metrics;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

import java.util.Map;
import java.util.Properties;

/**
 * Kafka Streams whose {@link #metrics()} leave out the gauges that read RocksDB's native handles
 * ({@link NativeStoreGauges}), so that exporting them cannot crash the JVM while a task closes its stores.
 */
public final class ExportedStreams extends KafkaStreams {

    public ExportedStreams(Topology topology, Properties props) {
        super(topology, props);
    }

    /** Kafka Streams' metrics without the native store gauges (only Barcast's exporters call this). */
    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return NativeStoreGauges.without(super.metrics());
    }
}
