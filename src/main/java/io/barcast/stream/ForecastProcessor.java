package io.barcast.stream;

import io.barcast.bar.Bar;
import io.barcast.bar.RejectReason;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.events.EventJson;
import io.barcast.events.Json;
import io.barcast.events.OutcomeEvent;
import io.barcast.events.PredictionEvent;
import io.barcast.events.TrainingLossEvent;
import io.barcast.forecast.RetrainPolicy;
import io.barcast.forecast.SymbolState;
import io.barcast.model.Forecast;
import io.barcast.model.LstmModel;
import io.barcast.model.ModelConfig;
import io.barcast.model.ModelSnapshot;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;
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
 * Steps 2-6 of the topology for the symbols of one task: keeps each symbol's window, predicts
 * with the serving model, scores the previous prediction, schedules retraining on the
 * {@link TrainingExecutor}, and, in a wall-clock punctuator on the stream thread, takes finished
 * jobs through the promotion gate into the model store. All store writes and all output happen on
 * the stream thread, inside Kafka Streams' transaction.
 */
final class ForecastProcessor implements Processor<Object, Object, Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(ForecastProcessor.class);

    private final BarcastTopology.Settings settings;
    private final TrainingExecutor executor;
    private final StreamMetrics metrics;
    private final RetrainPolicy policy;
    private final ModelConfig modelConfig;
    /** Finished jobs of this task, filled by training threads, drained on the stream thread. */
    private final ConcurrentLinkedQueue<TrainingExecutor.Completed> finished = new ConcurrentLinkedQueue<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Map<String, LstmModel> modelCache = new HashMap<>();
    /** Decoded windows of this task's symbols; the store stays the source of truth (only this processor writes it). */
    private final Map<String, BarWindow> windowCache = new HashMap<>();
    /** Decoded symbol states, written through to the store. */
    private final Map<String, SymbolState> stateCache = new HashMap<>();
    private volatile boolean open;

    private ProcessorContext<Object, Object> context;
    private WindowChunkStore windows;
    private KeyValueStore<String, byte[]> models;
    private KeyValueStore<String, byte[]> states;

    ForecastProcessor(BarcastTopology.Settings settings, TrainingExecutor executor, StreamMetrics metrics) {
        this.settings = settings;
        this.executor = executor;
        this.metrics = metrics;
        this.modelConfig = settings.forecast().model();
        this.policy = settings.forecast().retrainPolicy();
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.windows = new WindowChunkStore(context.getStateStore(BarcastTopology.WINDOW_STORE));
        this.models = context.getStateStore(BarcastTopology.MODEL_STORE);
        this.states = context.getStateStore(BarcastTopology.STATE_STORE);
        this.open = true;
        // A revived task (after corruption) is re-initialised: caches must follow the restored stores.
        windowCache.clear();
        stateCache.clear();
        modelCache.clear();
        context.schedule(Duration.ofMillis(settings.pollMillis()), PunctuationType.WALL_CLOCK_TIME, now -> drainFinished());
        try (var all = models.all()) {
            all.forEachRemaining(kv -> {
                LstmModel m = ModelSnapshot.fromBytes(kv.value);
                modelCache.put(kv.key, m);
                metrics.modelServing(m.metadata());
            });
        }
        log.info("Task {} restored {} model(s) from the model store", context.taskId(), modelCache.size());
    }

    @Override
    public void process(Record<Object, Object> record) {
        IncomingBar in = (IncomingBar) record.value();
        Bar bar = in.bar();
        String symbol = bar.symbol();
        BarWindow window = window(symbol);
        BarWindow.Outcome outcome = window.offer(bar);
        switch (outcome) {
            case DUPLICATE -> {
                metrics.barDuplicate(symbol);
                log.debug("Ignored identical redelivery of {} {}", symbol, bar.date());
                return;
            }
            case OUT_OF_ORDER -> {
                String detail = "bar dated " + bar.date() + " is older than the latest bar " + window.last().date() + " of " + symbol;
                log.warn("Rejected record {}-{}@{}: OUT_OF_ORDER ({})", in.topic(), in.partition(), in.offset(), detail);
                metrics.barRejected(RejectReason.OUT_OF_ORDER);
                context.forward(DeadLetters.record(RejectReason.OUT_OF_ORDER, detail, "date", bar.date().toString(),
                        in.rawKey(), in.rawValue(), in.topic(), in.partition(), in.offset(), record.timestamp(),
                        context.currentSystemTimeMs()), BarcastTopology.DEAD_LETTER_SINK);
                return;
            }
            default -> {
            }
        }
        metrics.barAccepted(symbol);
        windows.write(WindowChunks.change(window, outcome));
        SymbolState state = state(symbol);
        boolean corrected = outcome == BarWindow.Outcome.CORRECTED;
        state = score(state, bar, corrected, record.timestamp());
        LstmModel model = modelCache.get(symbol);
        if (model != null && window.size() >= model.requiredBars()) {
            state = publishPrediction(state, model, window, corrected, record.timestamp());
        }
        putState(symbol, state);
        maybeRetrain(symbol, window, state);
    }

    /** Joins the pending prediction with the bar it predicted (or redoes the last outcome on a correction). */
    private SymbolState score(SymbolState state, Bar bar, boolean corrected, long timestamp) {
        ForecastMetrics running = state.metrics() == null ? new ForecastMetrics() : ForecastMetrics.fromState(state.metrics());
        SymbolState.Pending scoredFrom;
        if (corrected) {
            SymbolState.Pending last = state.lastOutcome();
            if (last == null || !bar.date().equals(last.targetDate())) {
                return state;
            }
            running.remove(last.lastClose(), last.predictedClose(), last.actualClose());
            scoredFrom = last;
        } else {
            scoredFrom = state.pending();
            if (scoredFrom == null || !scoredFrom.asOf().isBefore(bar.date())) {
                return state;
            }
        }
        running.add(scoredFrom.lastClose(), scoredFrom.predictedClose(), bar.close());
        SymbolState.Pending scored = new SymbolState.Pending(scoredFrom.asOf(), scoredFrom.lastClose(),
                scoredFrom.predictedClose(), scoredFrom.modelVersion(), scoredFrom.trainedThrough(), bar.date(), bar.close());
        OutcomeEvent event = new OutcomeEvent(bar.symbol(), scored.asOf(), bar.date(), scored.lastClose(),
                scored.predictedClose(), bar.close(), scored.predictedClose() - bar.close(), scored.lastClose() - bar.close(),
                scored.modelVersion(), scored.trainedThrough(), corrected, running.count(), Json.num(running.rmseModel()),
                Json.num(running.rmseNaive()), Json.num(running.theilU()), Json.num(running.hitRate()));
        context.forward(new Record<>(bar.symbol(), EventJson.outcome(event), timestamp), BarcastTopology.OUTCOMES_SINK);
        metrics.outcome(bar.symbol(), Math.abs(event.error()), running.theilU());
        SymbolState next = state.withOutcome(scored, running.state());
        return corrected ? next : next.withPending(null);
    }

    private SymbolState publishPrediction(SymbolState state, LstmModel model, BarWindow window, boolean correction, long barTimestamp) {
        Forecast f;
        try {
            f = model.forecast(window.bars());
        } catch (RuntimeException e) {
            log.error("Prediction for {} after {} with model v{} failed: {}", window.last().symbol(), window.last().date(),
                    model.metadata().version(), e.getMessage());
            return state;
        }
        long now = context.currentSystemTimeMs();
        PredictionEvent event = PredictionEvent.of(f, model.metadata(), correction, barTimestamp, now);
        context.forward(new Record<>(f.symbol(), EventJson.prediction(event), barTimestamp), BarcastTopology.PREDICTIONS_SINK);
        metrics.predictionPublished(f.symbol(), Math.max(0, now - barTimestamp));
        return state.withPending(new SymbolState.Pending(f.asOf(), f.lastClose(), f.predictedClose(), f.modelVersion(),
                f.trainedThrough(), null, null));
    }

    private void maybeRetrain(String symbol, BarWindow window, SymbolState state) {
        if (inFlight.contains(symbol)
                || !policy.due(window.size(), window.appendedTotal() - state.trainedAtAppended(), state.trainedBefore())) {
            return;
        }
        long version = Math.max(state.nextVersion(), currentVersion(symbol) + 1);
        TrainingJob job = new TrainingJob(symbol, version, window.bars(), window.appendedTotal(), modelCache.get(symbol), modelConfig);
        if (executor.submit(job, completed -> {
            if (open) {
                finished.add(completed);
            }
        })) {
            inFlight.add(symbol);
            putState(symbol, state.withNextVersion(version + 1));
            log.info("Submitted training of {} v{} on {} bars through {}", symbol, version, window.size(), window.last().date());
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
        inFlight.remove(symbol);
        TrainingReport report = done.result().report();
        LstmModel current = modelCache.get(symbol);
        boolean promoted = false;
        if (report.status() == TrainingStatus.OK) {
            if (current != null && current.metadata().version() >= job.version()) {
                report = report.withStatus(TrainingStatus.SUPERSEDED, "model v" + current.metadata().version()
                        + " is already serving");
            } else if (current != null && Double.isFinite(report.incumbentValRmse())
                    && report.valRmseModel() > report.incumbentValRmse() * (1 + settings.forecast().promotionTolerance())) {
                report = report.withStatus(TrainingStatus.REJECTED_WORSE, String.format(java.util.Locale.ROOT,
                        "validation RMSE %.6g is worse than the serving model v%d's %.6g on the same bars by more than %.1f%%",
                        report.valRmseModel(), current.metadata().version(), report.incumbentValRmse(),
                        100 * settings.forecast().promotionTolerance()));
            } else {
                LstmModel model = done.result().trainedModel();
                models.put(symbol, ModelSnapshot.toBytes(model));
                modelCache.put(symbol, model);
                metrics.modelServing(model.metadata());
                promoted = true;
            }
        }
        SymbolState state = state(symbol).withTrained(job.appendedAtSubmit());
        long now = context.currentSystemTimeMs();
        context.forward(new Record<>(symbol, Json.bytes(TrainingLossEvent.of(report, promoted, now)), now),
                BarcastTopology.TRAINING_LOSS_SINK);
        metrics.trainingFinished(report, promoted);
        log.info("Training of {} v{} through {} finished on {}: {}{} in {} ms", symbol, job.version(), report.windowEnd(),
                done.thread(), report.status(), promoted ? " (promoted)" : report.reason() == null ? "" : " - " + report.reason(),
                report.durationMillis());
        if (promoted) {
            state = predictIfNone(symbol, state, now);
        }
        putState(symbol, state);
    }

    /** After a first promotion: predict from the latest bar if nothing was predicted from it yet. */
    private SymbolState predictIfNone(String symbol, SymbolState state, long now) {
        BarWindow window = window(symbol);
        if (window.size() == 0) {
            return state;
        }
        SymbolState.Pending pending = state.pending();
        if (pending != null && pending.asOf().equals(window.last().date())) {
            return state;
        }
        LstmModel model = modelCache.get(symbol);
        return window.size() >= model.requiredBars() ? publishPrediction(state, model, window, false, now) : state;
    }

    private BarWindow window(String symbol) {
        return windowCache.computeIfAbsent(symbol, s -> windows.load(s, settings.forecast().windowBars()));
    }

    private long currentVersion(String symbol) {
        LstmModel m = modelCache.get(symbol);
        return m == null ? 0 : m.metadata().version();
    }

    private SymbolState state(String symbol) {
        return stateCache.computeIfAbsent(symbol, s -> {
            byte[] b = states.get(s);
            return b == null ? SymbolState.initial() : SymbolStateCodec.decode(b);
        });
    }

    private void putState(String symbol, SymbolState state) {
        stateCache.put(symbol, state);
        states.put(symbol, SymbolStateCodec.encode(state));
    }

    @Override
    public void close() {
        open = false;
        if (!inFlight.isEmpty()) {
            log.info("Task {} closing with {} training job(s) in flight; their results are dropped and the new owner retrains",
                    context.taskId(), inFlight.size());
        }
        finished.clear();
        windowCache.clear();
        stateCache.clear();
        modelCache.clear();
    }
}
