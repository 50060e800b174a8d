package io.barcast.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/** The per-symbol gauges of {@link BarcastMetrics}; a gauge is registered at its first finite value. */
final class SymbolGauges {

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            BarcastMetrics.TRAINING_LOSS, "Training loss of the latest finished job (MSE, standardised returns)",
            BarcastMetrics.VALIDATION_LOSS, "Validation loss of the latest finished job",
            BarcastMetrics.THEIL_U, "Running realised Theil's U (RMSE model / RMSE naive) of published predictions",
            BarcastMetrics.MODEL_VERSION, "Version of the serving model",
            BarcastMetrics.MODEL_VAL_THEIL_U, "Validation Theil's U of the serving model",
            BarcastMetrics.SKILL_WEIGHT, "Weight in [0, 1] of the model's return in the served forecast (0: the naive forecast)");

    private final String symbol;
    private final MeterRegistry registry;
    private final UnaryOperator<Meter> keep;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    private final AtomicLong trainedAt = new AtomicLong(-1);

    SymbolGauges(String symbol, MeterRegistry registry, UnaryOperator<Meter> keep) {
        this.symbol = symbol;
        this.registry = registry;
        this.keep = keep;
    }

    void set(String name, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        values.computeIfAbsent(name, n -> {
            AtomicLong bits = new AtomicLong(Double.doubleToLongBits(value));
            keep.apply(Gauge.builder(n, bits, b -> Double.longBitsToDouble(b.get()))
                    .description(DESCRIPTIONS.getOrDefault(n, n)).tag("symbol", symbol).register(registry));
            return bits;
        }).set(Double.doubleToLongBits(value));
    }

    void trainedAtMillis(long millis) {
        if (trainedAt.getAndSet(millis) < 0) {
            keep.apply(Gauge.builder(BarcastMetrics.MODEL_AGE, trainedAt, t -> (System.currentTimeMillis() - t.get()) / 1000.0)
                    .description("Seconds since the serving model was trained").tag("symbol", symbol).register(registry));
        }
    }
}
