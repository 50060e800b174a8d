package io.barcast.cli;

import io.barcast.config.ConfigReader;
import io.barcast.forecast.ForecastSettings;
import io.barcast.service.ServiceConfig;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThatThrownBy(() -> parse("--window", "20").settings()).hasMessage(serviceMessage);
        assertThatThrownBy(() -> parse("--set", "model.dropout=1.5").settings()).hasMessage("model.dropout = 1.5 is out of range ([0, 1))");
        assertThatThrownBy(() -> parse("--retrain-every", "0").settings()).hasMessage("retrain.every.bars = 0 is out of range (>= 1)");
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
