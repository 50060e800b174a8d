package io.barcast.metrics;

import io.barcast.interval.Levels;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The per-symbol gauges of {@link BarcastMetrics}, some also per interval level; a gauge is registered at its
 * first finite value, and a non-finite value leaves it as it was.
 */
final class SymbolGauges {

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(BarcastMetrics.TRAINING_LOSS, "Training loss of the latest finished job (squared error + variance NLL, standardised returns)"),
            Map.entry(BarcastMetrics.VALIDATION_LOSS, "Validation loss of the latest finished job"),
            Map.entry(BarcastMetrics.THEIL_U, "Running realised Theil's U (RMSE model / RMSE naive) of published predictions"),
            Map.entry(BarcastMetrics.MODEL_VERSION, "Version of the serving model"),
            Map.entry(BarcastMetrics.MODEL_VAL_THEIL_U, "Validation Theil's U of the serving model"),
            Map.entry(BarcastMetrics.SKILL_WEIGHT, "Weight in [0, 1] of the model's return in the served forecast (0: the naive forecast)"),
            Map.entry(BarcastMetrics.PREDICTED_CLOSE, "Close named by the latest published prediction (of the next bar)"),
            Map.entry(BarcastMetrics.PREDICTED_LOWER, "Lower bound at the level of the latest published prediction"),
            Map.entry(BarcastMetrics.PREDICTED_UPPER, "Upper bound at the level of the latest published prediction"),
            Map.entry(BarcastMetrics.ACTUAL_CLOSE, "Close the latest scored prediction was scored against"),
            Map.entry(BarcastMetrics.INTERVAL_COVERAGE, "Share of the latest outcomes (at most 250) whose close fell inside the interval of the level"),
            Map.entry(BarcastMetrics.INTERVAL_WIDTH_RATIO, "Mean width / last close of the intervals of the level over the same outcomes"),
            Map.entry(BarcastMetrics.INTERVAL_OUTCOMES, "Outcomes the coverage and width ratio of the level are taken over (at most 250)"),
            Map.entry(BarcastMetrics.INTERVAL_LEVEL, "Nominal coverage of the level (the level label as a number)"),
            Map.entry(BarcastMetrics.PREDICTED_VAR, "One-sided VaR of the latest published prediction at the level: the price the next close falls below with probability 1 - level"),
            Map.entry(BarcastMetrics.PREDICTED_ES, "Expected shortfall of the latest published prediction at the level, as a price of the next close"),
            Map.entry(BarcastMetrics.PROBABILITY_UP, "P(next close > last close) of the latest published prediction"),
            Map.entry(BarcastMetrics.VAR_EXCEPTIONS, "Closes below the VaR of the level among the latest outcomes (at most 250)"),
            Map.entry(BarcastMetrics.VAR_OUTCOMES, "Outcomes the VaR exceptions and tests of the level are taken over (at most 250)"),
            Map.entry(BarcastMetrics.VAR_KUPIEC_P, "p-value of Kupiec's POF test of the VaR of the level over the same outcomes"),
            Map.entry(BarcastMetrics.VAR_INDEPENDENCE_P, "p-value of Christoffersen's independence test of the VaR exceptions of the level"),
            Map.entry(BarcastMetrics.VAR_CONDITIONAL_COVERAGE_P, "p-value of Christoffersen's conditional-coverage test of the VaR of the level"),
            Map.entry(BarcastMetrics.BASEL_ZONE, "Basel traffic light of the 99% VaR over the latest outcomes (at most 250): 0 green (<= 4 exceptions), 1 yellow (5-9), 2 red (>= 10)"));
    /** Base units of the gauges that have one. */
    private static final Map<String, String> BASE_UNITS = Map.of(BarcastMetrics.VAR_EXCEPTIONS, "exceptions",
            BarcastMetrics.VAR_OUTCOMES, "outcomes");

    private final String symbol;
    private final MeterRegistry registry;
    private final UnaryOperator<Meter> keep;
    /** Value bits by name and level (NaN for a gauge without one). */
    private final Map<Key, AtomicLong> values = new ConcurrentHashMap<>();
    private final AtomicLong trainedAt = new AtomicLong(-1);
    /** The gauges registered so far, for {@link #meters()}. */
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    SymbolGauges(String symbol, MeterRegistry registry, UnaryOperator<Meter> keep) {
        this.symbol = symbol;
        this.registry = registry;
        this.keep = keep;
    }

    /** Sets the gauge {@code name{symbol}}. */
    void set(String name, double value) {
        set(name, Double.NaN, value);
    }

    /**
     * Sets the gauge {@code name{symbol, level}} (only {@code name{symbol}} when {@code level} is NaN); the label is
     * written ({@link Levels#label}) once, when the gauge is registered: this runs for every published record.
     */
    void set(String name, double level, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        values.computeIfAbsent(new Key(name, level), k -> {
            AtomicLong bits = new AtomicLong(Double.doubleToLongBits(value));
            Gauge.Builder<AtomicLong> gauge = Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get()))
                    .description(DESCRIPTIONS.getOrDefault(name, name)).baseUnit(BASE_UNITS.get(name)).tag("symbol", symbol);
            if (!Double.isNaN(level)) {
                gauge.tag("level", Levels.label(level));
            }
            meters.add(keep.apply(gauge.register(registry)));
            return bits;
        }).set(Double.doubleToLongBits(value));
    }

    private record Key(String name, double level) {
    }

    void trainedAtMillis(long millis) {
        if (trainedAt.getAndSet(millis) < 0) {
            meters.add(keep.apply(Gauge.builder(BarcastMetrics.MODEL_AGE, trainedAt, t -> (System.currentTimeMillis() - t.get()) / 1000.0)
                    .description("Seconds since the serving model was trained").baseUnit("seconds").tag("symbol", symbol).register(registry)));
        }
    }

    /** Every gauge of this symbol registered so far. */
    List<Meter> meters() {
        return List.copyOf(meters);
    }
}
