package io.barcast.testing;

import io.barcast.metrics.NativeStoreGauges;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Reads every metric of a topology with RocksDB stores in a loop on one thread while another closes the stores, as an
 * exporter does during a rebalance or a stop (KAFKA-10025). Run in a child JVM: {@code raw|exported ROUNDS}; exits 0
 * and prints {@code survived ROUNDS reads N}, or the JVM aborts.
 */
public final class StoreCloseRace {

    public static final String[] STORES = {"bar-windows", "models", "symbol-state"};

    private StoreCloseRace() {
    }

    public static void main(String[] args) throws Exception {
        Function<Map<MetricName, ? extends Metric>, Map<MetricName, ? extends Metric>> view =
                "raw".equals(args[0]) ? m -> m : NativeStoreGauges::without;
        int rounds = Integer.parseInt(args[1]);
        Path stateDir = Files.createTempDirectory("store-close-race");
        long reads = 0;
        for (int r = 0; r < rounds; r++) {
            reads += round(r, stateDir, view);
        }
        System.out.println("survived " + rounds + " reads " + reads);
    }

    private static long round(int r, Path stateDir, Function<Map<MetricName, ? extends Metric>, Map<MetricName, ? extends Metric>> view)
            throws InterruptedException {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "race-" + r);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        TopologyTestDriver driver = new TopologyTestDriver(topology(), p);
        AtomicBoolean closed = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!closed.get()) {
                for (Metric m : new ArrayList<>(view.apply(driver.metrics()).values())) {
                    try {
                        m.metricValue();
                        reads.incrementAndGet();
                    } catch (RuntimeException gone) {
                        // a metric removed under the read: Kafka's own answer, not a crash
                    }
                }
            }
        }, "metrics-reader");
        reader.start();
        Thread.sleep(20);
        driver.close();
        closed.set(true);
        reader.join();
        return reads.get();
    }

    /** A source and a processor with the service's three stores, each RocksDB. */
    public static Topology topology() {
        StreamsBuilder b = new StreamsBuilder();
        for (String store : STORES) {
            b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.String()));
        }
        b.stream("bars", Consumed.with(Serdes.String(), Serdes.String())).process(() -> new Processor<String, String, Void, Void>() {
            @Override
            public void process(Record<String, String> record) {
            }
        }, STORES);
        return b.build();
    }
}
