package io.barcast.stream;

import io.barcast.bar.RejectReason;
import io.barcast.events.DataQualityEvent;
import io.barcast.events.EventJson;
import io.barcast.events.Json;
import io.barcast.events.OutcomeEvent;
import io.barcast.events.PredictionEvent;
import io.barcast.events.TrainingLossEvent;
import io.barcast.forecast.BarStep;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.Handover;
import io.barcast.forecast.Prediction;
import io.barcast.forecast.SymbolForecaster;
import io.barcast.forecast.SymbolState;
import io.barcast.forecast.TrainingJob;
import io.barcast.model.LstmModel;
import io.barcast.model.ModelSnapshot;
import io.barcast.model.TrainingReport;
import io.barcast.quality.QualityAction;
import io.barcast.quality.QualityEvent;
import io.barcast.window.BarWindow;
import io.barcast.window.WindowChunks;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Step 3 of the topology, a thin adapter over each symbol's {@link SymbolForecaster}: load the symbol's
 * window, state and serving model from the stores, hand it the bar, write back what changed and forward
 * what it returned (prediction, outcome, out-of-order dead letter). Training jobs it asks for run on the
 * {@link TrainingExecutor}; a wall-clock punctuator drains the finished ones on the stream thread, so that
 * the promotion, the model store write and the training-loss record are inside Kafka Streams' transaction.
 */
final class ForecastProcessor implements Processor<byte[], IncomingBar, String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(ForecastProcessor.class);

    private final ForecastSettings settings;
    private final long pollMillis;
    private final TrainingExecutor executor;
    private final StreamMetrics metrics;
    private final PublishedRecords published;
    /** Finished jobs of this task, filled by training threads, drained on the stream thread. */
    private final ConcurrentLinkedQueue<TrainingExecutor.Completed> finished = new ConcurrentLinkedQueue<>();
    /** Models restored at start, handed to each symbol's forecaster when it is first loaded. */
    private final Map<String, LstmModel> restored = new HashMap<>();
    /** This task's symbols; the stores stay the source of truth (only this processor writes them). */
    private final Map<String, SymbolForecaster> forecasters = new HashMap<>();
    private volatile boolean open;

    private ProcessorContext<String, byte[]> context;
    private WindowChunkStore windows;
    private KeyValueStore<String, byte[]> models;
    private KeyValueStore<String, byte[]> states;

    ForecastProcessor(BarcastTopology.Settings settings, TrainingExecutor executor, StreamMetrics metrics) {
        this(settings, executor, metrics, PublishedRecords.NONE);
    }

    ForecastProcessor(BarcastTopology.Settings settings, TrainingExecutor executor, StreamMetrics metrics,
                      PublishedRecords published) {
        this.published = published;
        this.settings = settings.forecast();
        this.pollMillis = settings.pollMillis();
        this.executor = executor;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.windows = new WindowChunkStore(context.getStateStore(BarcastTopology.WINDOW_STORE));
        this.models = context.getStateStore(BarcastTopology.MODEL_STORE);
        this.states = context.getStateStore(BarcastTopology.STATE_STORE);
        this.open = true;
        // A revived task (after corruption) is re-initialised: caches must follow the restored stores.
        forecasters.clear();
        restored.clear();
        context.schedule(Duration.ofMillis(pollMillis), PunctuationType.WALL_CLOCK_TIME, now -> drainFinished());
        try (var all = models.all()) {
            all.forEachRemaining(kv -> {
                LstmModel m = ModelSnapshot.fromBytes(kv.value);
                restored.put(kv.key, m);
                metrics.modelServing(m.metadata());
            });
        }
        log.info("Task {} restored {} model(s) from the model store", context.taskId(), restored.size());
    }

    @Override
    public void process(Record<byte[], IncomingBar> record) {
        IncomingBar in = record.value();
        String symbol = in.bar().symbol();
        SymbolForecaster forecaster = forecaster(symbol);
        BarStep step = forecaster.onBar(in.bar());
        publishQuality(step, in, record.timestamp());
        switch (step.outcome()) {
            case DUPLICATE -> {
                metrics.barDuplicate(symbol);
                log.debug("Ignored identical redelivery of {} {}", symbol, in.bar().date());
                return;
            }
            case OUT_OF_ORDER -> {
                rejectOutOfOrder(in, step, record.timestamp());
                return;
            }
            case REJECTED -> {
                QualityEvent why = step.rejection();
                deadLetter(in, RejectReason.SUSPECTED_SPLIT, why.detail(), "close", Double.toString(in.bar().close()),
                        record.timestamp());
                return;
            }
            default -> metrics.barAccepted(symbol);
        }
        if (step.quality().stream().anyMatch(e -> e.action() == QualityAction.ADJUSTED)) {
            WindowChunks.all(forecaster.window()).forEach(windows::write); // every stored bar was rescaled
        } else {
            windows.write(WindowChunks.change(forecaster.window(), step.outcome()));
        }
        if (step.scored() != null) {
            OutcomeEvent outcome = OutcomeEvent.of(step.scored());
            context.forward(new Record<>(symbol, EventJson.outcome(outcome), record.timestamp()), BarcastTopology.OUTCOMES_SINK);
            metrics.outcome(symbol, Math.abs(outcome.error()), step.scored().running().theilU());
            metrics.outcomeBand(symbol, step.scored().actualClose(), step.scored().intervals());
            if (step.scored().risk() != null) {
                metrics.outcomeRisk(symbol, step.scored().risk());
            }
            published.outcome(outcome);
        }
        if (step.predictionFailure() != null) {
            log.error("Prediction for {} after {} failed: {}", symbol, in.bar().date(), step.predictionFailure());
        }
        publish(step.prediction(), record.timestamp());
        if (step.retrain() != null) {
            submit(forecaster, step.retrain());
        }
        if (step.scored() != null || step.prediction() != null) {
            metrics.skillWeight(symbol, forecaster.state().skill().weight());
        }
        putState(symbol, forecaster.state());
    }

    private void rejectOutOfOrder(IncomingBar in, BarStep step, long timestamp) {
        String detail = "bar dated " + in.bar().date() + " is older than the latest bar " + step.latest().date() + " of " + in.bar().symbol();
        deadLetter(in, RejectReason.OUT_OF_ORDER, detail, "date", in.bar().date().toString(), timestamp);
    }

    private void deadLetter(IncomingBar in, RejectReason reason, String detail, String field, String value, long timestamp) {
        log.warn("Rejected record {}-{}@{}: {} ({})", in.topic(), in.partition(), in.offset(), reason, detail);
        metrics.barRejected(reason);
        byte[] envelope = DeadLetters.envelope(reason, detail, field, value, in.rawKey(), in.rawValue(), in.topic(),
                in.partition(), in.offset(), timestamp, context.currentSystemTimeMs());
        // the key is the symbol: the parser let through only keys whose bytes are the symbol's
        context.forward(new Record<>(in.bar().symbol(), envelope, timestamp, DeadLetters.headers(reason)),
                BarcastTopology.LATE_DEAD_LETTER_SINK);
    }

    /** Each data-quality event of the bar to the data-quality topic, its metric and the live page. */
    private void publishQuality(BarStep step, IncomingBar in, long timestamp) {
        long now = context.currentSystemTimeMs();
        for (QualityEvent e : step.quality()) {
            log.warn("Data quality of {} {} ({}-{}@{}): {} {}: {}", e.symbol(), e.date(), in.topic(), in.partition(), in.offset(),
                    e.kind(), e.action(), e.detail());
            DataQualityEvent record = DataQualityEvent.of(e, in.topic(), in.partition(), in.offset(), timestamp, now);
            context.forward(new Record<>(e.symbol(), Json.bytes(record), timestamp), BarcastTopology.DATA_QUALITY_SINK);
            metrics.dataQuality(e.kind(), e.action());
            published.dataQuality(record);
        }
    }

    private void publish(Prediction prediction, long barTimestamp) {
        if (prediction == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        String symbol = prediction.forecast().symbol();
        PredictionEvent event = PredictionEvent.of(prediction, barTimestamp, now);
        context.forward(new Record<>(symbol, EventJson.prediction(event), barTimestamp), BarcastTopology.PREDICTIONS_SINK);
        metrics.predictionPublished(symbol, Math.max(0, now - barTimestamp));
        metrics.predictionBand(symbol, event.predictedClose(), prediction.intervals());
        if (prediction.risk() != null) {
            metrics.predictionRisk(symbol, prediction.risk());
        }
        published.prediction(event);
    }

    private void submit(SymbolForecaster forecaster, TrainingJob job) {
        if (executor.submit(job, completed -> {
            if (open) {
                finished.add(completed);
            }
        })) {
            forecaster.trainingStarted(job);
            BarWindow window = forecaster.window();
            log.info("Submitted training of {} v{} on {} bars through {}, {}", job.symbol(), job.version(), window.size(),
                    window.last().date(), job.warmStart() ? "warm-started from v" + job.incumbent().metadata().version()
                            + " (at most " + job.warmEpochs() + " epochs)" : "from scratch");
        }
    }

    /** Punctuator: hands finished jobs back on the stream thread. */
    private void drainFinished() {
        TrainingExecutor.Completed done;
        while ((done = finished.poll()) != null) {
            handOver(done);
        }
    }

    private void handOver(TrainingExecutor.Completed done) {
        TrainingJob job = done.job();
        String symbol = job.symbol();
        SymbolForecaster forecaster = forecaster(symbol);
        Handover handover = forecaster.onTrained(job, done.result());
        TrainingReport report = handover.report();
        if (handover.isPromoted()) {
            models.put(symbol, ModelSnapshot.toBytes(handover.promoted()));
            metrics.modelServing(handover.promoted().metadata());
        }
        long now = context.currentSystemTimeMs();
        TrainingLossEvent training = TrainingLossEvent.of(report, handover.isPromoted(), forecaster.state().skill().weight(), now);
        context.forward(new Record<>(symbol, Json.bytes(training), now), BarcastTopology.TRAINING_LOSS_SINK);
        published.training(training);
        metrics.trainingFinished(report, handover.isPromoted());
        if (handover.isPromoted()) {
            metrics.skillWeight(symbol, forecaster.state().skill().weight());
        }
        log.info("Training of {} v{} through {} finished on {}: {}{} in {} ms ({} epochs, {})", symbol, job.version(),
                report.windowEnd(), done.thread(), report.status(),
                handover.isPromoted() ? " (promoted)" : report.reason() == null ? "" : " - " + report.reason(),
                report.durationMillis(), report.epochs(), report.warmStart() ? "warm start" : "from scratch");
        if (handover.predictionFailure() != null) {
            log.error("Prediction for {} after promotion failed: {}", symbol, handover.predictionFailure());
        }
        publish(handover.prediction(), now);
        putState(symbol, forecaster.state());
    }

    private SymbolForecaster forecaster(String symbol) {
        return forecasters.computeIfAbsent(symbol, s -> {
            byte[] state = states.get(s);
            return new SymbolForecaster(s, settings, windows.load(s, settings.windowBars()),
                    state == null ? SymbolState.initial() : SymbolStateCodec.decode(state), restored.remove(s));
        });
    }

    private void putState(String symbol, SymbolState state) {
        states.put(symbol, SymbolStateCodec.encode(state));
    }

    @Override
    public void close() {
        open = false;
        long inFlight = forecasters.values().stream().filter(SymbolForecaster::trainingInFlight).count();
        if (inFlight > 0) {
            log.info("Task {} closing with {} training job(s) in flight; their results are dropped and the new owner retrains",
                    context.taskId(), inFlight);
        }
        // The task may move to another instance: its symbols' gauges go with it (they come back here if it does)
        Set<String> owned = new HashSet<>(forecasters.keySet());
        owned.addAll(restored.keySet());
        metrics.forgetSymbols(owned);
        finished.clear();
        forecasters.clear();
        restored.clear();
    }
}
