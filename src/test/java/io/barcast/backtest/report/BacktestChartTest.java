package io.barcast.backtest.report;

import io.barcast.backtest.BacktestPrediction;
import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.IntervalReport;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.interval.IntervalSettings;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;
import io.barcast.testing.GarchSeries;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BacktestChartTest {

    private static final LocalDate START = LocalDate.of(2024, 1, 2);

    @TempDir
    Path dir;

    @Test
    void shouldWriteReadablePngOfExpectedSize() throws IOException {
        Path png = dir.resolve("charts/AAPL-backtest.png");

        BacktestChart.write(syntheticResult(), png);

        assertPng(png);
    }

    @Test
    void shouldWriteEmptyPanelsWhenThereAreNoPredictionsNorRetrains() throws IOException {
        BacktestResult empty = new BacktestResult("EMPTY", 0, List.of(), List.of(), new ForecastMetrics(), 0, 0);
        Path png = dir.resolve("empty.png");

        BacktestChart.write(empty, png);

        assertPng(png);
    }

    @Test
    void shouldWriteChartWhenEveryRetrainFailed() throws IOException {
        List<TrainingReport> retrains = List.of(report(START, TrainingStatus.INSUFFICIENT_DATA, -1),
                report(START.plusDays(20), TrainingStatus.DIVERGED, -1));
        BacktestResult result = new BacktestResult("FAIL", 40, List.of(), retrains, new ForecastMetrics(), 1, 2);
        Path png = dir.resolve("failed.png");

        BacktestChart.write(result, png);

        assertPng(png);
    }

    @Test
    void shouldDrawBarcastsIntervalsAsBandsTheNarrowerDarkerOnTopOfTheWider() throws IOException {
        GarchSeries g = GarchSeries.simulate("G", 400, 3);
        List<BacktestPrediction> predictions = g.oraclePredictions(250, 0.8, 0.95);
        ForecastMetrics metrics = new ForecastMetrics();
        predictions.forEach(p -> metrics.add(p.lastClose(), p.predictedClose(), p.actualClose()));
        BacktestResult withBands = new BacktestResult("G", 400, predictions, List.of(report(START, TrainingStatus.OK, 2)), metrics,
                1, 2, IntervalReport.of(predictions, g.bars(), IntervalSettings.defaults()));
        BacktestResult withoutBands = new BacktestResult("G", 400, predictions.stream().map(p -> new BacktestPrediction(p.asOf(),
                p.targetDate(), p.lastClose(), p.predictedClose(), p.actualClose(), p.modelVersion(), p.trainedThrough(),
                p.modelPredictedClose(), p.weight())).toList(), withBands.retrains(), metrics, 1, 2);
        Path banded = dir.resolve("bands.png");
        Path plain = dir.resolve("plain.png");

        BacktestChart.write(withBands, banded);
        BacktestChart.write(withoutBands, plain);

        assertPng(banded);
        // Two levels: the 95 % band in the lightest colour, the 80 % band in the next, both over a large area.
        BufferedImage image = ImageIO.read(banded.toFile());
        assertThat(pixels(image, BacktestChart.BAND_COLORS[0])).isGreaterThan(5_000);
        assertThat(pixels(image, BacktestChart.BAND_COLORS[1])).isGreaterThan(5_000);
        BufferedImage none = ImageIO.read(plain.toFile());
        assertThat(pixels(none, BacktestChart.BAND_COLORS[0])).isZero();
        assertThat(pixels(none, BacktestChart.BAND_COLORS[1])).isZero();
        assertThat(BacktestChart.intervalsLine(withBands)).startsWith("interval coverage: 80%: Barcast ")
                .contains("hist. sim. ", "EWMA + ACI ", "|  95%: ", "Barcast's score ÷ theirs ").doesNotContain("NaN", "n/a");
        assertThat(BacktestChart.intervalsLine(withoutBands)).isEmpty();
    }

    @Test
    void shouldSummariseMetricsInSubtitle() {
        String line = BacktestChart.metricsLine(syntheticResult());

        assertThat(line).startsWith("served: Theil's U ").contains("RMSE ", " vs naive ", "hit rate ", "%", "mean skill weight 1.00", "raw model: Theil's U ", "60 predictions")
                .doesNotContain("NaN", "n/a");
        assertThat(BacktestChart.metricsLine(new BacktestResult("X", 0, List.of(), List.of(),
                new ForecastMetrics(), 0, 0))).isEqualTo("no scored predictions");
    }

    private static void assertPng(Path png) throws IOException {
        assertThat(png).exists();
        try (InputStream in = Files.newInputStream(png)) {
            byte[] magic = in.readNBytes(8);
            assertThat(magic).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(BacktestChart.WIDTH).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(BacktestChart.HEIGHT).isEqualTo(900);
    }

    private static long pixels(BufferedImage image, java.awt.Color color) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return n;
    }

    private static BacktestResult syntheticResult() {
        List<BacktestPrediction> predictions = new ArrayList<>();
        ForecastMetrics metrics = new ForecastMetrics();
        double close = 180;
        for (int i = 0; i < 60; i++) {
            double next = close * (1 + 0.01 * Math.sin(i * 0.7));
            double predicted = close * (1 + 0.004 * Math.cos(i * 0.5));
            LocalDate asOf = START.plusDays(i);
            predictions.add(new BacktestPrediction(asOf, asOf.plusDays(1), close, predicted, next, 1 + i / 20,
                    START.plusDays(i / 20 * 20), predicted, 1.0));
            metrics.add(close, predicted, next);
            close = next;
        }
        List<TrainingReport> retrains = List.of(report(START, TrainingStatus.OK, 2),
                report(START.plusDays(20), TrainingStatus.STALLED, -1),
                report(START.plusDays(40), TrainingStatus.OK, 1),
                report(START.plusDays(60), TrainingStatus.REJECTED_WORSE, 2));
        return new BacktestResult("AAPL", 120, predictions, retrains, metrics, 12.5, 30.0);
    }

    private static TrainingReport report(LocalDate windowEnd, TrainingStatus status, int bestEpoch) {
        return new TrainingReport("AAPL", 1, windowEnd, status, status == TrainingStatus.OK ? null : "synthetic",
                List.of(1.4, 1.1, 0.95), List.of(1.3, 1.05, 1.02), bestEpoch, 2.1, 2.2, Double.NaN, 200, 40, 1500);
    }
}
