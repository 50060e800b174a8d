package io.barcast.cli;

import io.barcast.backtest.report.BacktestJson;
import io.barcast.backtest.report.OracleResults;
import io.barcast.config.ConfigReader;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.WarmStartPolicy;
import io.barcast.options.CsvInputs;
import io.barcast.service.ServiceConfig;
import io.barcast.testing.SyntheticBars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backtest reads its settings as the service does: same keys, defaults and checks; flags set keys; --csv names its series. */
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
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(BacktestJson.summary(OracleResults.garch600(warm), warm)));
        assertThat(json.get("warmStart").asBoolean()).isTrue();
        assertThat(json.get("warmEpochs").asInt()).isEqualTo(warm.warmStart().epochs());
        assertThat(json.get("coldEvery").asInt()).isEqualTo(warm.warmStart().coldEvery());
        assertThat(json.get("warmRetrains").asLong()).isZero();
    }

    @Test
    void shouldReadAFolderAsItsCsvFilesInNameOrder(@TempDir Path dir) throws Exception {
        SyntheticBars.writeCsv(dir.resolve("b.csv"), SyntheticBars.randomWalk("X", 5, 1));
        SyntheticBars.writeCsv(dir.resolve("a.CSV"), SyntheticBars.randomWalk("X", 5, 1));
        SyntheticBars.writeCsv(dir.resolve(".hidden.csv"), SyntheticBars.randomWalk("X", 5, 1));
        Files.writeString(dir.resolve("notes.txt"), "not a series");
        Files.createDirectories(dir.resolve("c.csv"));

        assertThat(parse("--csv", dir.toString(), "--csv", "sp500").input.sources()).containsExactly(
                new CsvInputs.Source(dir.resolve("a.CSV").toString(), "A"),
                new CsvInputs.Source(dir.resolve("b.csv").toString(), "B"),
                new CsvInputs.Source("sp500", "SPX"));
        assertThat(parse("--csv", dir.toString(), "--symbol", "X,Y").input.sources())
                .extracting(CsvInputs.Source::symbol).containsExactly("X", "Y");
        // The default is replaced by --csv, not added to
        assertThat(parse().input.sources()).containsExactly(new CsvInputs.Source("aapl", "AAPL"));
        assertThat(parse("--csv", "sp500").input.sources()).containsExactly(new CsvInputs.Source("sp500", "SPX"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> parse("--csv", empty.toString()).input.sources())
                .isInstanceOf(CsvInputs.InputException.class).hasMessage(empty + ": the folder holds no *.csv file");
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
