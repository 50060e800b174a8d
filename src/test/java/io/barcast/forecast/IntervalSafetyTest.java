package io.barcast.forecast;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.events.EventJson;
import io.barcast.events.OutcomeEvent;
import io.barcast.events.PredictionEvent;
import io.barcast.interval.Interval;
import io.barcast.model.LstmModel;
import io.barcast.model.ModelSnapshot;
import io.barcast.service.ServiceConfig;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;
import io.barcast.window.BarWindow;

import org.junit.jupiter.api.Test;

import java.io.FileReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Never a NaN, infinite or inverted bound in a record, whatever the model: the tutorial's preset, or a wrecked one. */
class IntervalSafetyTest {

    @Test
    void shouldPublishFiniteOrderedBoundsWithTheTutorialPreset() throws IOException {
        Properties preset = new Properties();
        try (FileReader r = new FileReader("config/seed-csi300.properties", StandardCharsets.UTF_8)) {
            preset.load(r);
        }
        preset.setProperty("model.epochs", "6"); // the preset's 128 units at lr 0.1, fewer epochs to keep the test short
        ForecastSettings settings = ServiceConfig.of(preset).forecast();
        List<Bar> bars = CsvBarReader.read("aapl", "AAPL").subList(0, 420);

        SymbolForecaster forecaster = SymbolForecaster.fresh("AAPL", settings);
        int[] counts = run(forecaster, bars);

        assertThat(counts[0]).as("predictions").isGreaterThan(100);
        assertThat(counts[1]).as("outcomes").isGreaterThan(100);
        // every counted outcome taught the blend: the EWMA member took part in all of them (discounted by 0.995)
        assertThat(forecaster.state().volatility().blend().counts()[1]).isGreaterThan(50);
        assertThat(forecaster.state().volatility().range()).isNotNull();
    }

    @Test
    void shouldFallBackOrClampWhenTheVarianceOutputIsNaNOrHuge() {
        List<Bar> bars = SyntheticBars.autoregressive("S", 160, 0.3, 0.01, 9);
        ForecastSettings settings = new ForecastSettings(60, 1000, 0.05,
                ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=5"));
        SymbolForecaster first = SymbolForecaster.fresh("S", settings);
        TrainingJob job = null;
        for (int i = 0; job == null; i++) {
            job = first.onBar(bars.get(i)).retrain();
        }
        LstmModel trained = Trainer.lstm().train(job).trainedModel();
        assertThat(trained.predictsVolatility()).isTrue();

        for (float bias : new float[]{Float.NaN, 1e30f, -1e30f, Float.POSITIVE_INFINITY}) {
            LstmModel wrecked = withLogVarianceBias(trained, bias);
            BarWindow window = new BarWindow(60);
            bars.subList(0, 60).forEach(window::offer);
            SymbolForecaster f = new SymbolForecaster("S", settings, window, first.state(), wrecked);

            int[] counts = run(f, bars.subList(60, 160));

            assertThat(counts[0]).as("predictions with log-variance bias %s", bias).isEqualTo(100);
        }
    }

    /** Feeds the bars; checks every published interval, VaR, ES and their metrics; returns {predictions, outcomes}. */
    private static int[] run(SymbolForecaster f, List<Bar> bars) {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        io.barcast.metrics.BarcastMetrics metrics = io.barcast.metrics.BarcastMetrics.boundTo(registry, () -> 0, () -> 0);
        int predictions = 0;
        int outcomes = 0;
        for (Bar bar : bars) {
            BarStep step = f.onBar(bar);
            if (step.retrain() != null) {
                f.trainingStarted(step.retrain());
                Handover h = f.onTrained(step.retrain(), Trainer.lstm().trainOrFail(step.retrain()));
                if (h.prediction() != null) {
                    check(h.prediction());
                    predictions++;
                }
            }
            if (step.prediction() != null) {
                check(step.prediction());
                metrics.predictionRisk("S", step.prediction().risk());
                predictions++;
            }
            if (step.scored() != null) {
                String json = new String(EventJson.outcome(OutcomeEvent.of(step.scored())), StandardCharsets.UTF_8);
                assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
                assertThat(step.scored().intervals()).allSatisfy(i -> {
                    assertThat(i.lower()).isFinite().isPositive().isLessThanOrEqualTo(i.upper());
                    assertThat(i.upper()).isFinite();
                });
                assertThat(step.scored().risk()).isNotNull();
                assertThat(step.scored().risk().backtests()).hasSize(2).allSatisfy(b -> {
                    assertThat(b.kupiecP()).isBetween(0.0, 1.0);
                    assertThat(b.independenceP()).isBetween(0.0, 1.0);
                    assertThat(b.conditionalCoverageP()).isBetween(0.0, 1.0);
                });
                assertThat(json).contains("\"varBacktest\":[{\"level\":0.975,").contains("\"baselZone\":\"");
                metrics.outcomeRisk("S", step.scored().risk());
                outcomes++;
            }
        }
        assertThat(registry.scrape()).contains("barcast_prediction_var{").contains("barcast_var_basel_zone{")
                .doesNotContain("NaN").doesNotContain("Inf");
        return new int[]{predictions, outcomes};
    }

    private static void check(Prediction p) {
        assertThat(p.intervals()).hasSize(2);
        assertThat(p.volatility()).isFinite().isPositive();
        for (Interval i : p.intervals()) {
            assertThat(i.lower()).isFinite().isPositive().isLessThanOrEqualTo(i.upper());
            assertThat(i.upper()).isFinite();
        }
        assertThat(p.intervals().get(0).lower()).isGreaterThanOrEqualTo(p.intervals().get(1).lower());
        assertThat(p.intervals().get(0).upper()).isLessThanOrEqualTo(p.intervals().get(1).upper());
        io.barcast.interval.TailRisk r = p.risk();
        double last = p.forecast().lastClose();
        assertThat(r).isNotNull();
        assertThat(r.var975()).isFinite().isPositive().isLessThanOrEqualTo(last);
        assertThat(r.var99()).isFinite().isPositive().isLessThanOrEqualTo(r.var975());
        assertThat(r.es975()).isFinite().isPositive().isLessThanOrEqualTo(r.var975());
        assertThat(r.probabilityUp()).isBetween(0.0, 1.0);
        assertThat(p.blend()).isNotNull();
        double sum = 0;
        for (double w : p.blend().weights()) {
            assertThat(w).isBetween(0.0, 1.0);
            sum += w;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(p.blend().volatility()).isEqualTo(p.volatility());
        String json = new String(EventJson.prediction(PredictionEvent.of(p, 0, 0)), StandardCharsets.UTF_8);
        assertThat(json).contains("\"volatilityWeights\":{\"model\":").contains("\"rangeFast\":");
        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity").contains("\"intervals\":[{\"level\":0.8,")
                .contains("\"valueAtRisk99\":").doesNotContain("\"valueAtRisk99\":null");
    }

    /** The same model with the bias of its log-variance output (the last weight of a snapshot) set to {@code bias}. */
    private static LstmModel withLogVarianceBias(LstmModel model, float bias) {
        byte[] bytes = ModelSnapshot.toBytes(model);
        ByteBuffer.wrap(bytes).putFloat(bytes.length - 4, bias);
        return ModelSnapshot.fromBytes(bytes);
    }
}
