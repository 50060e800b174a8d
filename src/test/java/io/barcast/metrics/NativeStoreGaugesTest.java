package io.barcast.metrics;

import io.barcast.testing.StoreCloseRace;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class NativeStoreGaugesTest {

    // KIP-607's RocksDB property gauges, each read from the store's native handle
    static final Set<String> NATIVE = Set.of("estimate-num-keys", "block-cache-usage", "block-cache-capacity",
            "block-cache-pinned-usage", "size-all-mem-tables", "cur-size-active-mem-table", "cur-size-all-mem-tables",
            "num-entries-active-mem-table", "num-entries-imm-mem-tables", "num-deletes-active-mem-table",
            "num-deletes-imm-mem-tables", "num-immutable-mem-table", "mem-table-flush-pending", "num-running-flushes",
            "compaction-pending", "num-running-compactions", "estimate-pending-compaction-bytes", "total-sst-files-size",
            "live-sst-files-size", "num-live-versions", "estimate-table-readers-mem", "background-errors");

    @TempDir
    Path stateDir;

    @Test
    void shouldLeaveOutTheGaugesThatReadRocksDbAndKeepTheRest() {
        try (TopologyTestDriver driver = new TopologyTestDriver(StoreCloseRace.topology(), props())) {
            Map<MetricName, ? extends Metric> raw = driver.metrics();
            Map<MetricName, Metric> kept = NativeStoreGauges.without(raw);

            assertThat(storeMetricNames(raw)).as("Kafka Streams registers the native gauges").containsAll(NATIVE);
            assertThat(storeMetricNames(kept)).doesNotContainAnyElementsOf(NATIVE)
                    .containsAll(NativeStoreGauges.JAVA_GAUGES)
                    .contains("put-rate", "get-latency-avg", "restore-rate");
            assertThat(kept.values()).noneMatch(NativeStoreGauges::readsNativeHandle);
            assertThat(kept.keySet().stream().filter(n -> n.group().equals("stream-thread-metrics")).toList())
                    .as("thread metrics stay whole").hasSameSizeAs(raw.keySet().stream().filter(n -> n.group().equals("stream-thread-metrics")).toList());
            // one gauge per store and per native property goes
            assertThat(raw.size() - kept.size()).isEqualTo(NATIVE.size() * StoreCloseRace.STORES.length);
        }
    }

    private Properties props() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "native-gauges");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }

    private static Set<String> storeMetricNames(Map<MetricName, ? extends Metric> metrics) {
        return metrics.keySet().stream().filter(n -> n.group().equals(NativeStoreGauges.STATE_GROUP))
                .map(MetricName::name).collect(Collectors.toSet());
    }
}
