package io.barcast.cli;

import io.barcast.backtest.BacktestPrediction;
import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.IntervalLevelReport;
import io.barcast.backtest.IntervalMethod;
import io.barcast.backtest.IntervalReport;
import io.barcast.backtest.report.BacktestJson;
import io.barcast.backtest.report.BacktestSummary;
import io.barcast.config.ConfigReader;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.WarmStartPolicy;
import io.barcast.service.ServiceConfig;
import io.barcast.testing.GarchSeries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The backtest reads its settings as the service does: same keys, defaults and checks; flags set keys. */
class BacktestCommandTest {

    @Test
    void shouldRunWithTheServicesDefaults() throws IOException {
        ForecastSettings backtest = parse().settings();
        ForecastSettings service = ServiceConfig.of(new Properties()).forecast();
        assertThat(backtest).isEqualTo(service);
        assertThat(ServiceConfig.of(new Properties(), Map.of()).forecast()).isEqualTo(service);
        assertThat(backtest.promotionTolerance()).isEqualTo(0.05);
    }

    @Test
    void shouldReadTheConfigFileThenSetThenFlags() throws IOException {
        Path preset = Path.of("config/seed-csi300.properties");
        ForecastSettings fromFile = parse("--config", preset.toString()).settings();
        assertThat(fromFile).isEqualTo(ServiceConfig.of(ConfigReader.load(preset), Map.of()).forecast());
        assertThat(fromFile.windowBars()).isEqualTo(250);
        assertThat(fromFile.model().learningRate()).isEqualTo(0.1);

        ForecastSettings s = parse("--config", preset.toString(), "--set", "window.bars=300", "--set", "promotion.tolerance=0.2",
                "--window", "400", "--retrain-every", "7", "--lookback", "10", "--epochs", "3", "--seed", "5", "--hidden", "16").settings();
        Properties expected = ConfigReader.load(preset);
        expected.setProperty("window.bars", "400");
        expected.setProperty("promotion.tolerance", "0.2");
        expected.setProperty("retrain.every.bars", "7");
        expected.setProperty("model.lookback", "10");
        expected.setProperty("model.epochs", "3");
        expected.setProperty("model.seed", "5");
        expected.setProperty("model.hidden.size", "16");
        assertThat(s).isEqualTo(ServiceConfig.of(expected).forecast());
        assertThat(s.windowBars()).isEqualTo(400);
        assertThat(s.model().features().name()).isEqualTo("OHLC");
    }

    @Test
    void shouldRejectWhatTheServiceRejectsWithTheSameMessage() {
        Properties small = new Properties();
        small.setProperty("window.bars", "20");
        String serviceMessage = catchMessage(() -> ServiceConfig.of(small));
        assertThat(serviceMessage).contains("window.bars = 20 is too small for model.lookback = 20");
        // The same rule; the message names the flag that set the key
        assertThatThrownBy(() -> parse("--window", "20").settings())
                .hasMessage(serviceMessage.replace("window.bars = ", "--window = ") + "; --window sets window.bars");
        assertThatThrownBy(() -> parse("--set", "model.dropout=1.5").settings()).hasMessage("model.dropout = 1.5 is out of range ([0, 1))");
        assertThatThrownBy(() -> parse("--retrain-every", "0").settings())
                .hasMessage("--retrain-every = 0 is out of range (>= 1); --retrain-every sets retrain.every.bars");
    }

    @Test
    void shouldSwitchWarmStartsWithTheFlag() throws IOException {
        assertThat(parse().settings().warmStart()).isEqualTo(WarmStartPolicy.defaults());
        assertThat(parse().settings().warmStart().enabled()).isTrue();
        assertThat(parse("--no-warm-start").settings().warmStart().enabled()).isFalse();
        assertThat(parse("--set", "model.warm.start=false").settings().warmStart().enabled()).isFalse();
        assertThat(parse("--set", "model.warm.start=false", "--warm-start").settings().warmStart().enabled()).isTrue();
        assertThat(parse("--set", "model.warm.start=true", "--no-warm-start").settings().warmStart().enabled()).isFalse();
        assertThat(parse("--warm-start", "--set", "model.warm.epochs=3", "--set", "model.cold.every=5").settings().warmStart())
                .isEqualTo(new WarmStartPolicy(true, 3, 5));
        assertThatThrownBy(() -> parse("--set", "model.cold.every=0").settings())
                .hasMessage("model.cold.every = 0 is out of range (>= 1)");

        ForecastSettings warm = parse("--warm-start").settings();
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(BacktestJson.summary(intervalResult(warm), warm)));
        assertThat(json.get("warmStart").asBoolean()).isTrue();
        assertThat(json.get("warmEpochs").asInt()).isEqualTo(warm.warmStart().epochs());
        assertThat(json.get("coldEvery").asInt()).isEqualTo(warm.warmStart().coldEvery());
        assertThat(json.get("warmRetrains").asLong()).isZero();
    }

    @Test
    void shouldWriteTheIntervalFiguresPerLevelAndMethodIntoTheJsonSummary() throws IOException {
        ForecastSettings settings = ServiceConfig.of(new Properties()).forecast();
        BacktestResult result = intervalResult(settings);
        IntervalLevelReport l95 = result.intervals().levels().get(1);

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(BacktestJson.summary(result, settings)));

        // The existing fields are still there, unchanged.
        assertThat(json.get("symbol").asText()).isEqualTo("G");
        assertThat(json.get("predictions").asInt()).isEqualTo(result.predictions().size());
        assertThat(json.get("rmseNaive").asDouble()).isEqualTo(result.metrics().rmseNaive());
        assertThat(json.get("rawModel").has("theilU")).isTrue();
        JsonNode intervals = json.get("intervals");
        assertThat(intervals.get("histSimReturns").asInt()).isEqualTo(250);
        assertThat(intervals.get("ewmaLambda").asDouble()).isEqualTo(0.94);
        assertThat(intervals.get("aciStep").asDouble()).isEqualTo(settings.intervals().aciStep());
        assertThat(intervals.get("realisedVolWindow").asInt()).isEqualTo(20);
        assertThat(intervals.get("levels")).hasSize(2);
        JsonNode level = intervals.get("levels").get(1);
        assertThat(level.get("level").asDouble()).isEqualTo(0.95);
        assertThat(level.get("days").asInt()).isEqualTo(l95.days().size()).isEqualTo(600 - 1 - 250);
        assertThat(level.get("calmDays").asLong()).isEqualTo(l95.calmDays());
        assertThat(level.get("turbulentDays").asLong()).isEqualTo(l95.turbulentDays());
        assertThat(level.get("medianRealisedVol").asDouble()).isEqualTo(l95.medianRealisedVolatility());
        JsonNode methods = level.get("methods");
        assertThat(methods.fieldNames()).toIterable().containsExactly("barcast", "histSim", "ewmaAci");
        for (IntervalMethod m : IntervalMethod.values()) {
            JsonNode f = methods.get(m.key());
            assertThat(f.get("coverage").asDouble()).isEqualTo(l95.summary(m).coverage());
            assertThat(f.get("coverageCalm").asDouble()).isEqualTo(l95.summary(m).coverageCalm());
            assertThat(f.get("coverageTurbulent").asDouble()).isEqualTo(l95.summary(m).coverageTurbulent());
            assertThat(f.get("meanWidthPct").asDouble()).isCloseTo(100 * l95.summary(m).meanRelativeWidth(), within(1e-12));
            assertThat(f.get("meanScorePct").asDouble()).isCloseTo(100 * l95.summary(m).meanRelativeScore(), within(1e-12));
        }
        assertThat(methods.get("barcast").has("barcastScoreRatio")).isFalse();
        assertThat(methods.get("histSim").get("barcastScoreRatio").asDouble()).isEqualTo(l95.scoreRatio(IntervalMethod.HISTORICAL_SIMULATION));
        assertThat(methods.get("ewmaAci").get("barcastScoreRatio").asDouble()).isEqualTo(l95.scoreRatio(IntervalMethod.EWMA_ACI));
    }

    @Test
    void shouldPrintATablePerLevelWithARowPerMethod() {
        BacktestResult result = intervalResult(ServiceConfig.of(new Properties()).forecast());
        IntervalLevelReport l80 = result.intervals().levels().get(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        BacktestSummary.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("80% level, 349 days", "95% level, 349 days", "coverage", "calm", "turbulent", "mean width",
                "mean score", "score ratio", "in % of the last close", "EWMA + ACI (step 0.005)")
                .doesNotContain("NaN");
        String histRow = text.lines().filter(line -> line.startsWith("    hist. simulation")).findFirst().orElseThrow();
        assertThat(histRow.split("\\s{2,}")).containsSubsequence(
                String.format(java.util.Locale.ROOT, "%.1f%%", 100 * l80.summary(IntervalMethod.HISTORICAL_SIMULATION).coverage()),
                String.format(java.util.Locale.ROOT, "%.3f", l80.scoreRatio(IntervalMethod.HISTORICAL_SIMULATION)));
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        BacktestSummary.print(new BacktestResult("X", 0, List.of(), List.of(), new ForecastMetrics(), 0, 0),
                new PrintStream(none, true, StandardCharsets.UTF_8));
        assertThat(none.toString(StandardCharsets.UTF_8)).contains("prediction intervals: none were published")
                .doesNotContain("score ratio");
    }

    /** 600 GARCH days, predictions (with the oracle's intervals) from bar 250 on. */
    private static BacktestResult intervalResult(ForecastSettings settings) {
        GarchSeries g = GarchSeries.simulate("G", 600, 3);
        List<BacktestPrediction> predictions = g.oraclePredictions(250, settings.intervals().levels().values());
        ForecastMetrics metrics = new ForecastMetrics();
        predictions.forEach(p -> metrics.add(p.lastClose(), p.predictedClose(), p.actualClose()));
        return new BacktestResult("G", 600, predictions, List.of(), metrics, 0, 0,
                IntervalReport.of(predictions, g.bars(), settings.intervals()));
    }

    private static BacktestCommand parse(String... args) {
        BacktestCommand c = new BacktestCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    private static String catchMessage(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("no exception");
    }
}
