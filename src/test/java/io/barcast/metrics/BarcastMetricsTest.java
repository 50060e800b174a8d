package io.barcast.metrics;

import io.barcast.bar.RejectReason;
import io.barcast.interval.Interval;
import io.barcast.interval.IntervalOutcome;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BarcastMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void shouldExposeCountersAndPerSymbolGaugesInPrometheusFormat() {
        BarcastMetrics m = BarcastMetrics.boundTo(registry, () -> 3, () -> 1);
        m.barAccepted("AAPL");
        m.barAccepted("AAPL");
        m.barRejected(RejectReason.MALFORMED_JSON);
        m.predictionPublished("AAPL", 42);
        m.trainingFinished(report(TrainingStatus.OK, List.of(1.0, 0.8), List.of(1.1, 0.9)), true);
        m.outcome("AAPL", 1.5, 0.97);

        String text = registry.scrape();
        assertThat(text).contains("barcast_bars_ingested_total{symbol=\"AAPL\"} 2.0")
                .contains("barcast_bars_rejected_total{reason=\"MALFORMED_JSON\"} 1.0")
                .contains("barcast_predictions_published_total{symbol=\"AAPL\"} 1.0")
                .contains("barcast_training_jobs_total{status=\"OK\"} 1.0")
                .contains("barcast_training_queue_depth 3.0")
                .contains("barcast_training_jobs_running 1.0")
                .contains("barcast_training_loss{symbol=\"AAPL\"} 0.8")
                .contains("barcast_validation_loss{symbol=\"AAPL\"} 0.9")
                .contains("barcast_prediction_theil_u{symbol=\"AAPL\"} 0.97")
                .contains("barcast_prediction_abs_error_count{symbol=\"AAPL\"} 1")
                .contains("barcast_bar_to_prediction_latency_seconds_count 1");
    }

    @Test
    void shouldDescribeEveryMeterAndBindOnce() {
        BarcastMetrics m = new BarcastMetrics(() -> 0, () -> 0);
        m.bindTo(registry);
        m.barAccepted("AAPL");
        m.predictionPublished("AAPL", 5);
        m.trainingFinished(report(TrainingStatus.OK, List.of(1.0, 0.8), List.of(1.1, 0.9)), true);
        m.modelServing(new io.barcast.model.ModelMetadata("AAPL", 1, java.time.LocalDate.of(2020, 1, 2), java.time.Instant.now(),
                io.barcast.model.ModelConfig.defaults(), 0.5, 0.6, 1.0, 1.1, 3, 100, 20));
        m.outcome("AAPL", 1.0, 0.9);
        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(meter -> assertThat(meter.getId().getDescription())
                .as(meter.getId().getName()).isNotBlank());
        assertThat(registry.find(BarcastMetrics.MODEL_AGE).gauge().getId().getBaseUnit()).isEqualTo("seconds");
        assertThat(registry.scrape()).contains("barcast_model_age_seconds{");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.bindTo(registry)).hasMessage("already bound");
    }

    @Test
    void shouldExposeTheVarFiguresAndTheBaselZoneOfEachSymbol() {
        BarcastMetrics m = BarcastMetrics.boundTo(registry, () -> 0, () -> 0);
        io.barcast.interval.TailCalibration tails = io.barcast.interval.TailCalibration.initial();
        io.barcast.interval.TailRisk risk = new io.barcast.interval.TailRisk(97.5, 96.0, 95.5, 0.5);
        m.predictionRisk("AAPL", risk);
        // the first outcome: no exception, every p-value defined; then six exceptions: yellow
        tails = tails.outcome(risk, 100);
        m.outcomeRisk("AAPL", tails.outcomeOf(risk, 100));
        for (int i = 0; i < 6; i++) {
            tails = tails.outcome(risk, 90);
        }
        m.outcomeRisk("AAPL", tails.outcomeOf(risk, 90));

        String text = registry.scrape();
        assertThat(text).contains("barcast_prediction_var{level=\"0.975\",symbol=\"AAPL\"} 97.5")
                .contains("barcast_prediction_var{level=\"0.99\",symbol=\"AAPL\"} 96.0")
                .contains("barcast_prediction_es{level=\"0.975\",symbol=\"AAPL\"} 95.5")
                .contains("barcast_prediction_probability_up{symbol=\"AAPL\"} 0.5")
                .contains("barcast_var_exceptions{level=\"0.99\",symbol=\"AAPL\"} 6.0")
                .contains("barcast_var_outcomes{level=\"0.99\",symbol=\"AAPL\"} 7.0")
                .contains("barcast_var_kupiec_p{level=\"0.99\",symbol=\"AAPL\"} ")
                .contains("barcast_var_independence_p{level=\"0.975\",symbol=\"AAPL\"} ")
                .contains("barcast_var_conditional_coverage_p{level=\"0.99\",symbol=\"AAPL\"} ")
                .contains("barcast_var_basel_zone{symbol=\"AAPL\"} 1.0")
                .doesNotContain("NaN");
        assertThat(registry.find(BarcastMetrics.VAR_EXCEPTIONS).gauge().getId().getBaseUnit()).isEqualTo("exceptions");
        assertThat(registry.find(BarcastMetrics.BASEL_ZONE).gauge().getId().getDescription()).contains("green");
    }

    @Test
    void shouldNeverReportNaN() {
        BarcastMetrics m = BarcastMetrics.boundTo(registry, () -> 0, () -> 0);
        m.trainingFinished(report(TrainingStatus.DIVERGED, List.of(1.0, Double.NaN), List.of(1.0, Double.NaN)), false);
        m.outcome("X", Double.NaN, Double.NaN);

        assertThat(registry.scrape()).doesNotContain("NaN").contains("barcast_training_jobs_total{status=\"DIVERGED\"} 1.0");
    }

    @Test
    void shouldHoldEachMeterOnceHoweverOftenItIsUpdated() {
        // Regression: every outcome and every finished job used to append its meter to the list of
        // meters to remove at close, so that list (a copy-on-write array) grew by one per bar.
        BarcastMetrics m = BarcastMetrics.boundTo(registry, () -> 0, () -> 0);
        for (int i = 0; i < 10_000; i++) {
            m.barAccepted("A");
            m.predictionPublished("A", 5);
            m.outcome("A", 1.0 + i % 3, 0.9);
            m.outcome("B", 2.0, 1.1);
            if (i % 100 == 0) {
                m.trainingFinished(report(TrainingStatus.OK, List.of(1.0, 0.8), List.of(1.1, 0.9)), true);
            }
        }
        int held = m.registeredCount();
        int startedAtZero = 2 * TrainingStatus.values().length + RejectReason.values().length;
        assertThat(held).isEqualTo(registry.getMeters().size()).isLessThan(20 + startedAtZero);
        assertThat(registry.scrape()).contains("barcast_prediction_abs_error_count{symbol=\"A\"} 10000")
                .contains("barcast_training_duration_seconds_count{status=\"OK\"} 100");
        m.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void shouldStartTheJobCountersDurationsAndDeadLetterCountersOfEveryStatusAndReasonAtZero() {
        // So that Prometheus sees the first event of each as an increase: a series that appears at 1 has increase() 0,
        // and BarcastTrainingFailures missed the first failed job after a start (PrometheusScrapeIntegrationTest).
        BarcastMetrics.boundTo(registry, () -> 0, () -> 0);

        String text = registry.scrape();
        for (TrainingStatus status : TrainingStatus.values()) {
            assertThat(text).contains("barcast_training_jobs_total{status=\"" + status + "\"} 0.0")
                    .contains("barcast_training_duration_seconds_count{status=\"" + status + "\"} 0");
        }
        for (RejectReason reason : RejectReason.values()) {
            assertThat(text).contains("barcast_bars_rejected_total{reason=\"" + reason + "\"} 0.0");
        }
    }

    @Test
    void shouldRemoveWhatItRegisteredOnClose() {
        BarcastMetrics m = BarcastMetrics.boundTo(registry, () -> 0, () -> 0);
        m.barAccepted("A");
        m.outcome("A", 1, 1);
        m.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void shouldRemoveAForgottenSymbolsGaugesKeepItsCountersAndBringThemBackWithItsNextValue() {
        BarcastMetrics m = BarcastMetrics.boundTo(registry, () -> 0, () -> 0);
        for (String symbol : List.of("A", "B")) {
            m.barAccepted(symbol);
            m.outcome(symbol, 1.5, 0.97);
            m.skillWeight(symbol, 0.5);
            m.predictionBand(symbol, 101, List.of(new Interval(0.8, 99, 103)));
        }
        int before = m.registeredCount();

        m.forgetSymbols(List.of("A", "NEVER_SEEN"));

        String text = registry.scrape();
        assertThat(text).doesNotContain("barcast_prediction_theil_u{symbol=\"A\"}")
                .doesNotContain("barcast_forecast_skill_weight{symbol=\"A\"}")
                .doesNotContain("barcast_prediction_close{symbol=\"A\"}")
                .doesNotContain("barcast_prediction_lower{level=\"0.8\",symbol=\"A\"}")
                .contains("barcast_bars_ingested_total{symbol=\"A\"} 1.0")
                .contains("barcast_prediction_abs_error_count{symbol=\"A\"} 1")
                .contains("barcast_prediction_theil_u{symbol=\"B\"} 0.97")
                .contains("barcast_forecast_skill_weight{symbol=\"B\"} 0.5")
                .contains("barcast_prediction_lower{level=\"0.8\",symbol=\"B\"} 99.0");
        assertThat(m.registeredCount()).isEqualTo(before - 5);

        m.skillWeight("A", 0.25);
        assertThat(registry.get(BarcastMetrics.SKILL_WEIGHT).tag("symbol", "A").gauge().value()).isEqualTo(0.25);
        m.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void shouldExposeTheRunningCoverageWidthAndCountOfEachLevelWithItsNominalLevel() {
        BarcastMetrics m = BarcastMetrics.boundTo(registry, () -> 0, () -> 0);
        m.outcomeBand("SPX", 2701.5, List.of(
                new IntervalOutcome(0.8, 2650, 2720, true, 0.74, 0.031, 250),
                new IntervalOutcome(0.95, 2620, 2750, true, 0.956, 0.052, 250)));
        m.outcomeBand("AAPL", 190.25, List.of(new IntervalOutcome(0.8, 185, 195, false, 0.7, 0.04, 100)));

        assertThat(registry.scrape())
                .contains("barcast_interval_coverage{level=\"0.8\",symbol=\"SPX\"} 0.74")
                .contains("barcast_interval_coverage{level=\"0.95\",symbol=\"SPX\"} 0.956")
                .contains("barcast_interval_width_ratio{level=\"0.8\",symbol=\"SPX\"} 0.031")
                .contains("barcast_interval_width_ratio{level=\"0.95\",symbol=\"SPX\"} 0.052")
                .contains("barcast_interval_outcomes{level=\"0.8\",symbol=\"SPX\"} 250.0")
                .contains("barcast_interval_level{level=\"0.8\",symbol=\"SPX\"} 0.8")
                .contains("barcast_interval_level{level=\"0.95\",symbol=\"SPX\"} 0.95")
                .contains("barcast_actual_close{symbol=\"SPX\"} 2701.5")
                .contains("barcast_interval_coverage{level=\"0.8\",symbol=\"AAPL\"} 0.7")
                .contains("barcast_interval_outcomes{level=\"0.8\",symbol=\"AAPL\"} 100.0")
                .doesNotContain("barcast_interval_coverage{level=\"0.95\",symbol=\"AAPL\"}");

        // The next outcome moves the same series.
        m.outcomeBand("SPX", 2710, List.of(
                new IntervalOutcome(0.8, 2660, 2730, true, 0.744, 0.0305, 250),
                new IntervalOutcome(0.95, 2630, 2760, true, 0.956, 0.051, 250)));
        assertThat(registry.get(BarcastMetrics.INTERVAL_COVERAGE).tags("symbol", "SPX", "level", "0.8").gauge().value()).isEqualTo(0.744);
        assertThat(registry.get(BarcastMetrics.ACTUAL_CLOSE).tags("symbol", "SPX").gauge().value()).isEqualTo(2710);
        assertThat(registry.find(BarcastMetrics.INTERVAL_COVERAGE).gauges()).hasSize(3);
    }

    @Test
    void shouldExposeTheCloseAndBoundsOfTheLatestPublishedPrediction() {
        BarcastMetrics m = BarcastMetrics.boundTo(registry, () -> 0, () -> 0);
        m.predictionBand("SPX", 2705.25, List.of(new Interval(0.8, 2680, 2730), new Interval(0.95, 2660, 2750.5)));

        assertThat(registry.scrape())
                .contains("barcast_prediction_close{symbol=\"SPX\"} 2705.25")
                .contains("barcast_prediction_lower{level=\"0.8\",symbol=\"SPX\"} 2680.0")
                .contains("barcast_prediction_upper{level=\"0.8\",symbol=\"SPX\"} 2730.0")
                .contains("barcast_prediction_lower{level=\"0.95\",symbol=\"SPX\"} 2660.0")
                .contains("barcast_prediction_upper{level=\"0.95\",symbol=\"SPX\"} 2750.5");

        m.predictionBand("SPX", 2711, List.of(new Interval(0.8, 2690, 2735), new Interval(0.95, 2670, 2755)));
        assertThat(registry.get(BarcastMetrics.PREDICTED_CLOSE).tags("symbol", "SPX").gauge().value()).isEqualTo(2711);
        assertThat(registry.get(BarcastMetrics.PREDICTED_LOWER).tags("symbol", "SPX", "level", "0.95").gauge().value()).isEqualTo(2670);
        assertThat(registry.get(BarcastMetrics.PREDICTED_UPPER).tags("symbol", "SPX", "level", "0.8").gauge().value()).isEqualTo(2735);
    }

    @Test
    void shouldNotPublishACoverageSeriesBeforeTheLevelHasOutcomes() {
        BarcastMetrics m = BarcastMetrics.boundTo(registry, () -> 0, () -> 0);
        IntervalOutcome none = new IntervalOutcome(0.8, 2650, 2720, true, Double.NaN, Double.NaN, 0);
        m.outcomeBand("SPX", 2701.5, List.of(none));

        String before = registry.scrape();
        assertThat(before).doesNotContain("NaN").doesNotContain("barcast_interval_coverage{")
                .doesNotContain("barcast_interval_width_ratio{").doesNotContain("barcast_interval_level{")
                .contains("barcast_interval_outcomes{level=\"0.8\",symbol=\"SPX\"} 0.0");
        assertThat(registry.find(BarcastMetrics.INTERVAL_COVERAGE).gauges()).isEmpty();

        // Once it has a coverage, a later undefined one leaves the series finite and the count says the window is empty.
        m.outcomeBand("SPX", 2702, List.of(new IntervalOutcome(0.8, 2650, 2720, true, 1.0, 0.026, 1)));
        m.outcomeBand("SPX", 2703, List.of(none));
        assertThat(registry.scrape()).doesNotContain("NaN")
                .contains("barcast_interval_coverage{level=\"0.8\",symbol=\"SPX\"} 1.0")
                .contains("barcast_interval_outcomes{level=\"0.8\",symbol=\"SPX\"} 0.0");
    }

    @Test
    void shouldKeepOneSeriesPerSymbolAndLevelHoweverManyPredictionsAndOutcomes() {
        BarcastMetrics m = BarcastMetrics.boundTo(registry, () -> 0, () -> 0);
        int before = m.registeredCount();
        for (int i = 0; i < 1_000; i++) {
            double close = 100 + i * 0.1;
            m.predictionBand("A", close, List.of(new Interval(0.8, close - 2, close + 2), new Interval(0.95, close - 4, close + 4)));
            m.outcomeBand("A", close, List.of(new IntervalOutcome(0.8, close - 2, close + 2, true, 0.8, 0.04, Math.min(i + 1, 250)),
                    new IntervalOutcome(0.95, close - 4, close + 4, true, 0.95, 0.08, Math.min(i + 1, 250))));
        }
        // close, actual close, and per level: lower, upper, outcomes, level, coverage, width ratio
        assertThat(m.registeredCount() - before).isEqualTo(2 + 2 * 6);
        assertThat(registry.get(BarcastMetrics.INTERVAL_OUTCOMES).tags("symbol", "A", "level", "0.95").gauge().value()).isEqualTo(250);
        m.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    private static TrainingReport report(TrainingStatus status, List<Double> train, List<Double> val) {
        return new TrainingReport("AAPL", 1, LocalDate.of(2018, 5, 11), status, null, train, val,
                status == TrainingStatus.OK ? 1 : -1, 1.0, 1.1, Double.NaN, 100, 20, 1234);
    }
}
