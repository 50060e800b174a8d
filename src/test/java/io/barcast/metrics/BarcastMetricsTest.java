package io.barcast.metrics;

import io.barcast.bar.RejectReason;
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
        BarcastMetrics m = new BarcastMetrics(registry, () -> 3, () -> 1);
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
    void shouldNeverReportNaN() {
        BarcastMetrics m = new BarcastMetrics(registry, () -> 0, () -> 0);
        m.trainingFinished(report(TrainingStatus.DIVERGED, List.of(1.0, Double.NaN), List.of(1.0, Double.NaN)), false);
        m.outcome("X", Double.NaN, Double.NaN);

        assertThat(registry.scrape()).doesNotContain("NaN").contains("barcast_training_jobs_total{status=\"DIVERGED\"} 1.0");
    }

    @Test
    void shouldHoldEachMeterOnceHoweverOftenItIsUpdated() {
        // Regression: every outcome and every finished job used to append its meter to the list of
        // meters to remove at close, so that list (a copy-on-write array) grew by one per bar.
        BarcastMetrics m = new BarcastMetrics(registry, () -> 0, () -> 0);
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
        assertThat(held).isEqualTo(registry.getMeters().size()).isLessThan(20);
        assertThat(registry.scrape()).contains("barcast_prediction_abs_error_count{symbol=\"A\"} 10000")
                .contains("barcast_training_duration_seconds_count{status=\"OK\"} 100");
        m.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void shouldRemoveWhatItRegisteredOnClose() {
        BarcastMetrics m = new BarcastMetrics(registry, () -> 0, () -> 0);
        m.barAccepted("A");
        m.outcome("A", 1, 1);
        m.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    private static TrainingReport report(TrainingStatus status, List<Double> train, List<Double> val) {
        return new TrainingReport("AAPL", 1, LocalDate.of(2018, 5, 11), status, null, train, val,
                status == TrainingStatus.OK ? 1 : -1, 1.0, 1.1, Double.NaN, 100, 20, 1234);
    }
}
