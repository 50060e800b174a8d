package io.barcast.stream;

import io.barcast.forecast.ForecastSettings;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.function.Function;

/**
 * The Barcast topology, top to bottom:
 * <pre>
 *   bars ──► parse ──(invalid)──────────────────────────────────────► bars-rejected
 *              │
 *              └──(valid)──► forecast ──► predictions
 *                             │  ▲   ├──► prediction-outcomes
 *                             │  │   ├──► training-loss
 *                             │  │   ├──► bars-rejected (out of order; a suspected split under quality.split.policy=reject)
 *                             │  │   └──► data-quality (splits, holes, odd bars: named and counted)
 *                  stores: bar-windows, models, symbol-state (RocksDB, changelogged)
 *                             │  │
 *                      training executor (off the stream thread; results handed back by a punctuator)
 * </pre>
 * The input is keyed by symbol, so every symbol's bars, windows and models stay in one task and
 * scale-out is Kafka Streams' own partition assignment.
 */
public final class BarcastTopology {

    public static final String WINDOW_STORE = "bar-windows";
    public static final String MODEL_STORE = "models";
    public static final String STATE_STORE = "symbol-state";

    static final String SOURCE = "bars-source";
    static final String PARSER = "parse";
    static final String FORECASTER = "forecast";
    static final String PREDICTIONS_SINK = "predictions-sink";
    static final String OUTCOMES_SINK = "outcomes-sink";
    static final String TRAINING_LOSS_SINK = "training-loss-sink";
    static final String DEAD_LETTER_SINK = "rejected-sink";
    static final String LATE_DEAD_LETTER_SINK = "rejected-late-sink";
    static final String DATA_QUALITY_SINK = "data-quality-sink";

    /** Largest accepted bar value in bytes; larger records are dead-lettered as TOO_LARGE. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    /** What the topology needs from the configuration. */
    public record Settings(Topics topics, long pollMillis, ForecastSettings forecast) {
    }

    private BarcastTopology() {
    }

    /** The stores as production keeps them: RocksDB. */
    public static final Function<String, KeyValueBytesStoreSupplier> ROCKSDB = Stores::persistentKeyValueStore;

    public static Topology build(Settings settings, TrainingExecutor executor, StreamMetrics metrics) {
        return build(settings, executor, metrics, PublishedRecords.NONE);
    }

    /** The topology, telling {@code published} of each prediction, outcome and training-loss record it forwards. */
    public static Topology build(Settings settings, TrainingExecutor executor, StreamMetrics metrics, PublishedRecords published) {
        return build(settings, executor, metrics, published, ROCKSDB);
    }

    /** With the stores {@code stores} supplies by name (caching and changelogs are added here, as for RocksDB). */
    public static Topology build(Settings settings, TrainingExecutor executor, StreamMetrics metrics, PublishedRecords published,
                                 Function<String, KeyValueBytesStoreSupplier> stores) {
        Topics t = settings.topics();
        Topology topology = new Topology();

        // 1. Read raw bytes, so that nothing can fail before validation.
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), t.bars());

        // 2. Parse and validate; invalid records go to the dead-letter topic.
        topology.addProcessor(PARSER, () -> new BarParser(FORECASTER, DEAD_LETTER_SINK, MAX_VALUE_BYTES, metrics), SOURCE);

        // 3. Window, predict, score, schedule training and take finished models in.
        topology.addProcessor(FORECASTER, () -> new ForecastProcessor(settings, executor, metrics, published), PARSER);
        topology.addStateStore(store(stores.apply(WINDOW_STORE)), FORECASTER);
        topology.addStateStore(store(stores.apply(MODEL_STORE)), FORECASTER);
        topology.addStateStore(store(stores.apply(STATE_STORE)), FORECASTER);

        // 4. Outputs: JSON values keyed by symbol; dead letters keep the original key bytes (a valid bar's are its symbol's).
        topology.addSink(PREDICTIONS_SINK, t.predictions(), new StringSerializer(), new ByteArraySerializer(), FORECASTER);
        topology.addSink(OUTCOMES_SINK, t.outcomes(), new StringSerializer(), new ByteArraySerializer(), FORECASTER);
        topology.addSink(TRAINING_LOSS_SINK, t.trainingLoss(), new StringSerializer(), new ByteArraySerializer(), FORECASTER);
        topology.addSink(DEAD_LETTER_SINK, t.rejected(), new ByteArraySerializer(), DeadLetter.SERIALIZER, PARSER);
        topology.addSink(LATE_DEAD_LETTER_SINK, t.rejected(), new StringSerializer(), new ByteArraySerializer(), FORECASTER);
        topology.addSink(DATA_QUALITY_SINK, t.dataQuality(), new StringSerializer(), new ByteArraySerializer(), FORECASTER);
        return topology;
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> store(KeyValueBytesStoreSupplier supplier) {
        // Caching: repeated writes of a key within one commit interval reach RocksDB and the changelog once
        // (a backfill writes a symbol's newest window chunk and its state at every bar).
        return Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled()
                .withLoggingEnabled(java.util.Map.of());
    }
}
