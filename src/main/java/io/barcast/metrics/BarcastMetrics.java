package io.barcast.metrics;

import io.barcast.bar.RejectReason;
import io.barcast.interval.Interval;
import io.barcast.interval.IntervalOutcome;
import io.barcast.interval.Levels;
import io.barcast.interval.TailCalibration;
import io.barcast.interval.TailOutcome;
import io.barcast.interval.TailRisk;
import io.barcast.interval.VarBacktest;
import io.barcast.model.ModelMetadata;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;
import io.barcast.quality.QualityAction;
import io.barcast.quality.QualityKind;
import io.barcast.stream.StreamMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Barcast's own meters (names below; Prometheus adds {@code _total}, {@code _seconds} etc.). A {@link MeterBinder}:
 * {@link #bindTo} registers the fixed meters; closing removes every meter it registered. Per-symbol gauges appear at
 * the symbol's first finite value, so no series reports NaN. The meters with a fixed label set ({@value #TRAINING_JOBS}
 * and {@value #TRAINING_DURATION} per {@link TrainingStatus}, {@value #BARS_REJECTED} per {@link RejectReason}) start
 * at zero, because Prometheus's {@code increase()} and {@code rate()} miss the first event of a series born at 1.
 *
 * <p>Prediction intervals, per symbol and level ({@code level} label: {@link Levels#label}, e.g. {@code 0.8}), never
 * per date:
 * <ul>
 *   <li>{@value #INTERVAL_COVERAGE}, {@value #INTERVAL_WIDTH_RATIO}, {@value #INTERVAL_OUTCOMES}: running coverage,
 *       mean width / last close, and how many outcomes (at most 250) they are taken over; {@value #INTERVAL_LEVEL}:
 *       the level as a number, for PromQL to compare the coverage with. The count is set at every outcome (an
 *       emptied window reports 0), the other three from the level's first finite coverage on.</li>
 *   <li>{@value #PREDICTED_CLOSE}{@code {symbol}}, {@value #PREDICTED_LOWER} / {@value #PREDICTED_UPPER}
 *       {@code {symbol, level}}: the latest published close and its bounds (they describe the next bar).</li>
 *   <li>{@value #ACTUAL_CLOSE}{@code {symbol}}: the close the latest prediction was scored against, set on each
 *       outcome (corrected bars included), so that each of its steps is judged against the band shown before it.</li>
 * </ul>
 *
 * <p>Value at risk, per symbol ({@code level} 0.975 or 0.99 where labelled):
 * <ul>
 *   <li>{@value #PREDICTED_VAR}{@code {symbol, level}}, {@value #PREDICTED_ES}{@code {symbol, level="0.975"}},
 *       {@value #PROBABILITY_UP}{@code {symbol}}: the latest published VaR (a lower price bound), ES and P(up);</li>
 *   <li>{@value #VAR_EXCEPTIONS} and {@value #VAR_OUTCOMES}{@code {symbol, level}}: exceptions over the last (at
 *       most 250) outcomes; {@value #VAR_KUPIEC_P}, {@value #VAR_INDEPENDENCE_P}, {@value #VAR_CONDITIONAL_COVERAGE_P}:
 *       the tests' p-values over them (from the first outcome on);</li>
 *   <li>{@value #BASEL_ZONE}{@code {symbol}}: the Basel zone of the 99% VaR over them, 0 green, 1 yellow, 2 red.</li>
 * </ul>
 */
public final class BarcastMetrics implements StreamMetrics, MeterBinder, AutoCloseable {

    public static final String BARS_INGESTED = "barcast.bars.ingested";
    public static final String BARS_DUPLICATE = "barcast.bars.duplicate";
    public static final String BARS_REJECTED = "barcast.bars.rejected";
    public static final String PREDICTIONS = "barcast.predictions.published";
    public static final String BAR_TO_PREDICTION = "barcast.bar.to.prediction.latency";
    public static final String TRAINING_JOBS = "barcast.training.jobs";
    public static final String TRAINING_DURATION = "barcast.training.duration";
    public static final String TRAINING_QUEUED = "barcast.training.queue.depth";
    public static final String TRAINING_RUNNING = "barcast.training.jobs.running";
    public static final String TRAINING_LOSS = "barcast.training.loss";
    public static final String VALIDATION_LOSS = "barcast.validation.loss";
    public static final String ABS_ERROR = "barcast.prediction.abs.error";
    public static final String THEIL_U = "barcast.prediction.theil.u";
    public static final String MODEL_VERSION = "barcast.model.version";
    public static final String MODEL_AGE = "barcast.model.age.seconds";
    public static final String MODEL_VAL_THEIL_U = "barcast.model.validation.theil.u";
    public static final String SKILL_WEIGHT = "barcast.forecast.skill.weight";
    public static final String PREDICTED_CLOSE = "barcast.prediction.close";
    public static final String PREDICTED_LOWER = "barcast.prediction.lower";
    public static final String PREDICTED_UPPER = "barcast.prediction.upper";
    public static final String ACTUAL_CLOSE = "barcast.actual.close";
    public static final String INTERVAL_COVERAGE = "barcast.interval.coverage";
    public static final String INTERVAL_WIDTH_RATIO = "barcast.interval.width.ratio";
    public static final String INTERVAL_OUTCOMES = "barcast.interval.outcomes";
    public static final String INTERVAL_LEVEL = "barcast.interval.level";
    public static final String DATA_QUALITY = "barcast.data.quality.events";
    public static final String PREDICTED_VAR = "barcast.prediction.var";
    public static final String PREDICTED_ES = "barcast.prediction.es";
    public static final String PROBABILITY_UP = "barcast.prediction.probability.up";
    public static final String VAR_EXCEPTIONS = "barcast.var.exceptions";
    public static final String VAR_OUTCOMES = "barcast.var.outcomes";
    public static final String VAR_KUPIEC_P = "barcast.var.kupiec.p";
    public static final String VAR_INDEPENDENCE_P = "barcast.var.independence.p";
    public static final String VAR_CONDITIONAL_COVERAGE_P = "barcast.var.conditional.coverage.p";
    public static final String BASEL_ZONE = "barcast.var.basel.zone";

    private final IntSupplier queued;
    private final IntSupplier running;
    private volatile MeterRegistry registry;
    /** Every meter this binder registered, once each (a meter is looked up, never re-registered, on the hot path). */
    private final Set<Meter> registered = ConcurrentHashMap.newKeySet();
    private final Map<String, SymbolGauges> symbols = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> absErrors = new ConcurrentHashMap<>();
    private final Map<String, Timer> trainingDurations = new ConcurrentHashMap<>();
    private volatile Timer barToPrediction;

    /** Meters of the training executor's queue and running jobs, and of what the topology reports; {@link #bindTo} registers them. */
    public BarcastMetrics(IntSupplier queued, IntSupplier running) {
        this.queued = queued;
        this.running = running;
    }

    /** A binder already bound to {@code registry}. */
    public static BarcastMetrics boundTo(MeterRegistry registry, IntSupplier queued, IntSupplier running) {
        BarcastMetrics m = new BarcastMetrics(queued, running);
        m.bindTo(registry);
        return m;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (this.registry != null) {
            throw new IllegalStateException("already bound");
        }
        this.registry = registry;
        this.barToPrediction = keep(Timer.builder(BAR_TO_PREDICTION)
                .description("Time from a bar's record timestamp to its prediction being produced")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram(false)
                .distributionStatisticExpiry(Duration.ofMinutes(2))
                .register(registry));
        keep(Gauge.builder(TRAINING_QUEUED, queued::getAsInt).description("Training jobs waiting for a thread").register(registry));
        keep(Gauge.builder(TRAINING_RUNNING, running::getAsInt).description("Training jobs running now").register(registry));
        for (TrainingStatus status : TrainingStatus.values()) {
            trainingJobs(status);
            trainingDuration(status);
        }
        for (RejectReason reason : RejectReason.values()) {
            rejected(reason);
        }
        for (QualityKind kind : QualityKind.values()) {
            kind.actions().forEach(action -> quality(kind, action));
        }
    }

    @Override
    public void dataQuality(QualityKind kind, QualityAction action) {
        quality(kind, action).increment();
    }

    private Counter quality(QualityKind kind, QualityAction action) {
        return counters.computeIfAbsent(DATA_QUALITY + '|' + kind + '|' + action, k -> keep(Counter.builder(DATA_QUALITY)
                .description("Data-quality events of bars (splits, holes, odd bars) by kind and what was done")
                .tag("kind", kind.name()).tag("action", action.name()).register(registry)));
    }

    @Override
    public void barAccepted(String symbol) {
        counter(BARS_INGESTED, "Valid bars taken into a window", "symbol", symbol).increment();
    }

    @Override
    public void barDuplicate(String symbol) {
        counter(BARS_DUPLICATE, "Identical redeliveries ignored", "symbol", symbol).increment();
    }

    @Override
    public void barRejected(RejectReason reason) {
        rejected(reason).increment();
    }

    @Override
    public void predictionPublished(String symbol, long barToPredictionMillis) {
        counter(PREDICTIONS, "Predictions published", "symbol", symbol).increment();
        barToPrediction.record(Duration.ofMillis(barToPredictionMillis));
    }

    @Override
    public void trainingFinished(TrainingReport report, boolean promoted) {
        trainingJobs(report.status()).increment();
        trainingDuration(report.status()).record(Duration.ofMillis(report.durationMillis()));
        SymbolGauges g = gauges(report.symbol());
        g.set(TRAINING_LOSS, report.finalTrainLoss());
        g.set(VALIDATION_LOSS, report.finalValLoss());
    }

    @Override
    public void modelServing(ModelMetadata model) {
        SymbolGauges g = gauges(model.symbol());
        g.set(MODEL_VERSION, model.version());
        g.set(MODEL_VAL_THEIL_U, model.valTheilU());
        g.trainedAtMillis(model.trainedAt().toEpochMilli());
    }

    @Override
    public void outcome(String symbol, double absError, double runningTheilU) {
        if (Double.isFinite(absError)) {
            absErrors.computeIfAbsent(symbol, s -> keep(DistributionSummary.builder(ABS_ERROR)
                    .description("Realised absolute error of predicted close").tag("symbol", s).register(registry)))
                    .record(absError);
        }
        gauges(symbol).set(THEIL_U, runningTheilU);
    }

    @Override
    public void skillWeight(String symbol, double weight) {
        gauges(symbol).set(SKILL_WEIGHT, weight);
    }

    @Override
    public void predictionBand(String symbol, double predictedClose, List<Interval> intervals) {
        SymbolGauges g = gauges(symbol);
        g.set(PREDICTED_CLOSE, predictedClose);
        for (Interval i : intervals) {
            double level = i.level();
            g.set(PREDICTED_LOWER, level, i.lower());
            g.set(PREDICTED_UPPER, level, i.upper());
        }
    }

    @Override
    public void outcomeBand(String symbol, double actualClose, List<IntervalOutcome> intervals) {
        SymbolGauges g = gauges(symbol);
        g.set(ACTUAL_CLOSE, actualClose);
        for (IntervalOutcome o : intervals) {
            double level = o.level();
            g.set(INTERVAL_OUTCOMES, level, o.count());
            if (Double.isFinite(o.coverage())) {
                g.set(INTERVAL_LEVEL, level, o.level());
                g.set(INTERVAL_COVERAGE, level, o.coverage());
                g.set(INTERVAL_WIDTH_RATIO, level, o.meanRelativeWidth());
            }
        }
    }

    @Override
    public void predictionRisk(String symbol, TailRisk risk) {
        SymbolGauges g = gauges(symbol);
        g.set(PREDICTED_VAR, TailCalibration.LEVEL_975, risk.var975());
        g.set(PREDICTED_VAR, TailCalibration.LEVEL_99, risk.var99());
        g.set(PREDICTED_ES, TailCalibration.LEVEL_975, risk.es975());
        g.set(PROBABILITY_UP, risk.probabilityUp());
    }

    @Override
    public void outcomeRisk(String symbol, TailOutcome outcome) {
        SymbolGauges g = gauges(symbol);
        for (VarBacktest b : outcome.backtests()) {
            g.set(VAR_EXCEPTIONS, b.level(), b.exceptions());
            g.set(VAR_OUTCOMES, b.level(), b.count());
            g.set(VAR_KUPIEC_P, b.level(), b.kupiecP());
            g.set(VAR_INDEPENDENCE_P, b.level(), b.independenceP());
            g.set(VAR_CONDITIONAL_COVERAGE_P, b.level(), b.conditionalCoverageP());
        }
        g.set(BASEL_ZONE, outcome.zone().code());
    }

    private Counter rejected(RejectReason reason) {
        return counter(BARS_REJECTED, "Records sent to the dead-letter topic", "reason", reason.name());
    }

    private Counter trainingJobs(TrainingStatus status) {
        return counter(TRAINING_JOBS, "Finished training jobs by status", "status", status.name());
    }

    private Timer trainingDuration(TrainingStatus status) {
        return trainingDurations.computeIfAbsent(status.name(), s -> keep(Timer.builder(TRAINING_DURATION)
                .description("Wall time of training jobs").tag("status", s).register(registry)));
    }

    private Counter counter(String name, String description, String tag, String value) {
        return counters.computeIfAbsent(name + '|' + value, k -> keep(Counter.builder(name).description(description)
                .tag(tag, value).register(registry)));
    }

    /**
     * Removes the per-symbol gauges of {@code gone} (symbols whose task moved to another instance), whose last values
     * would otherwise stay on this /metrics beside the new owner's; the cumulative counters and error summary stay.
     */
    @Override
    public void forgetSymbols(Collection<String> gone) {
        for (String symbol : gone) {
            SymbolGauges g = symbols.remove(symbol);
            if (g != null) {
                for (Meter m : g.meters()) {
                    registry.remove(m);
                    registered.remove(m);
                }
            }
        }
    }

    private SymbolGauges gauges(String symbol) {
        return symbols.computeIfAbsent(symbol, s -> new SymbolGauges(s, registry, this::keep));
    }

    /** How many meters this binder holds for removal at {@link #close()}. */
    int registeredCount() {
        return registered.size();
    }

    private <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }

    @Override
    public void close() {
        for (Meter m : registered) {
            registry.remove(m);
        }
        registered.clear();
        symbols.clear();
        counters.clear();
        absErrors.clear();
        trainingDurations.clear();
    }
}
