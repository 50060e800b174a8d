package io.barcast.stream;

import io.barcast.bar.Bar;
import io.barcast.bar.BarJson;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.Trainer;
import io.barcast.forecast.TrainingJob;
import io.barcast.model.LstmModel;
import io.barcast.model.ModelConfig;
import io.barcast.model.ModelSnapshot;
import io.barcast.model.TrainingResult;
import io.barcast.service.ServiceConfig;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;
import io.barcast.testing.TopologyKit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one way a candidate reaches the promotion gate when the same version already serves: a task revival. Under
 * exactly-once, a corrupted task is closed dirty, its stores are restored from the changelogs to the last commit and
 * the same processor is initialised again; the input since that commit is processed again. A training job submitted
 * before the revival is still running then: it finishes after the re-initialisation, and the job the reprocessed bars
 * submit again has the same version. The processor is driven here with a {@link MockProcessorContext} and in-memory
 * stores; the revival is its close, the stores put back as they were at the last commit, and its init.
 */
class ForecastProcessorRevivalTest {

    private static final int WINDOW = 40;
    private static final int EVERY = 10;
    private static final long POLL_MS = 100;
    private static final ModelConfig TINY = ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=8");

    private final CountDownLatch firstV2Started = new CountDownLatch(1);
    private final CountDownLatch releaseFirstV2 = new CountDownLatch(1);
    private final List<TrainingResult> v2Results = new ArrayList<>();
    private final TrainingExecutor executor = new TrainingExecutor(1, 10, this::train);
    private final MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    /** No candidate is rejected for being worse (that is the gate's test, not this one's): only the revival decides. */
    private static final double NO_QUALITY_GATE = 1e9;
    private final ForecastProcessor processor = new ForecastProcessor(new BarcastTopology.Settings(
            ServiceConfig.of(new Properties()).topics(), POLL_MS, new ForecastSettings(WINDOW, EVERY, NO_QUALITY_GATE, TINY)),
            executor, StreamMetrics.NONE);
    private final Map<String, KeyValueStore<String, byte[]>> stores = new HashMap<>();
    private long offset;

    @AfterEach
    void stop() {
        releaseFirstV2.countDown();
        executor.close();
    }

    /** Version 1 trains as asked; the first v2 waits for the test; a second v2 trains with another seed. */
    private TrainingResult train(TrainingJob job) {
        if (job.version() != 2) {
            return Trainer.lstm().train(job);
        }
        boolean first;
        synchronized (v2Results) {
            first = v2Results.isEmpty();
            v2Results.add(null);
        }
        TrainingJob actual = job;
        if (first) {
            firstV2Started.countDown();
            try {
                releaseFirstV2.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            actual = new TrainingJob(job.symbol(), job.version(), job.window(), job.appendedAtSubmit(), job.incumbent(),
                    ModelConfigs.with(job.config(), "model.seed=" + (job.config().seed() + 1)));
        }
        TrainingResult result = Trainer.lstm().train(actual);
        synchronized (v2Results) {
            v2Results.set(first ? 0 : 1, result);
        }
        return result;
    }

    @Test
    void shouldMarkTheSameVersionTrainedAgainAfterATaskRevivalSupersededAndKeepTheFirst() throws InterruptedException {
        for (String name : List.of(BarcastTopology.WINDOW_STORE, BarcastTopology.MODEL_STORE, BarcastTopology.STATE_STORE)) {
            KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                    Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.put(name, store);
        }
        List<Bar> bars = SyntheticBars.autoregressive("AAA", WINDOW + EVERY + 1, 0.5, 0.01, 11);
        processor.init(context);

        // Model v1, then a commit.
        bars.subList(0, WINDOW).forEach(this::process);
        handOverFinishedJobs();
        assertThat(losses()).extracting(l -> l.get("modelVersion").asLong() + " " + l.get("status").asText()
                + " " + l.get("promoted").asBoolean()).containsExactly("1 OK true");
        Map<String, Map<String, byte[]>> committed = copyOfStores();
        context.resetForwards();

        // The 10th bar after it submits v2, which is still training when the task is revived.
        bars.subList(WINDOW, WINDOW + EVERY).forEach(this::process);
        assertThat(firstV2Started.await(30, TimeUnit.SECONDS)).as("v2 submitted").isTrue();
        processor.close();
        restoreStores(committed);
        processor.init(context);
        context.resetForwards();

        // The same bars again, from the last commit: v2 is submitted a second time.
        bars.subList(WINDOW, WINDOW + EVERY).forEach(this::process);
        assertThat(executor.queued()).as("v2 submitted again, behind the first").isEqualTo(1);
        releaseFirstV2.countDown();
        handOverFinishedJobs();

        // The job from before the revival is handed over first and promoted; the second is refused as SUPERSEDED.
        List<JsonNode> losses = losses();
        assertThat(losses).extracting(l -> l.get("modelVersion").asLong() + " " + l.get("status").asText()
                + " " + l.get("promoted").asBoolean()).containsExactly("2 OK true", "2 SUPERSEDED false");
        assertThat(losses.get(1).get("reason").asText()).isEqualTo("model v2 is already serving");
        LstmModel first = v2Results.get(0).trainedModel();
        LstmModel second = v2Results.get(1).trainedModel();
        assertThat(second).as("the second v2 trained fine: only the gate refused it").isNotNull();
        List<Bar> history = bars.subList(0, WINDOW + EVERY);
        assertThat(second.forecast(history).predictedClose()).as("the two candidates differ")
                .isNotEqualTo(first.forecast(history).predictedClose());
        LstmModel stored = ModelSnapshot.fromBytes(stores.get(BarcastTopology.MODEL_STORE).get("AAA"));
        assertThat(stored.metadata().version()).isEqualTo(2);
        assertThat(stored.forecast(history).predictedClose()).as("the model store holds the first v2")
                .isEqualTo(first.forecast(history).predictedClose());

        // The first v2 serves the next bar.
        context.resetForwards();
        process(bars.get(WINDOW + EVERY));
        List<JsonNode> predictions = forwarded(BarcastTopology.PREDICTIONS_SINK);
        assertThat(predictions).hasSize(1);
        assertThat(predictions.get(0).get("modelVersion").asLong()).isEqualTo(2);
        assertThat(predictions.get(0).get("modelPredictedClose").asDouble())
                .isEqualTo(first.forecast(bars).predictedClose());
    }

    // ---- helpers ----

    private void process(Bar bar) {
        byte[] key = bar.symbol().getBytes(StandardCharsets.UTF_8);
        byte[] value = BarJson.toBytes(bar);
        context.setCurrentSystemTimeMs(System.currentTimeMillis());
        processor.process(new Record<>(key, new IncomingBar(bar, key, value, "bars", 0, offset++), offset));
    }

    /** Waits until the executor is idle, then runs the latest scheduled punctuator (the hand-over). */
    private void handOverFinishedJobs() {
        TopologyKit.awaitIdle(executor);
        context.setCurrentSystemTimeMs(System.currentTimeMillis());
        List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
        punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(System.currentTimeMillis());
    }

    private List<JsonNode> losses() {
        return forwarded(BarcastTopology.TRAINING_LOSS_SINK);
    }

    private List<JsonNode> forwarded(String sink) {
        return context.forwarded(sink).stream().map(f -> TopologyKit.json((byte[]) f.record().value())).toList();
    }

    private Map<String, Map<String, byte[]>> copyOfStores() {
        Map<String, Map<String, byte[]>> copy = new HashMap<>();
        stores.forEach((name, store) -> {
            Map<String, byte[]> entries = new HashMap<>();
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                it.forEachRemaining(kv -> entries.put(kv.key, kv.value.clone()));
            }
            copy.put(name, entries);
        });
        return copy;
    }

    private void restoreStores(Map<String, Map<String, byte[]>> copy) {
        stores.forEach((name, store) -> {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                it.forEachRemaining(kv -> keys.add(kv.key));
            }
            keys.forEach(store::delete);
            copy.get(name).forEach(store::put);
        });
    }

}
