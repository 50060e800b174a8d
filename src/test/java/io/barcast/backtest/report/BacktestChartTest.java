package io.barcast.backtest.report;

import io.barcast.backtest.BacktestPrediction;
import io.barcast.backtest.BacktestResult;
import io.barcast.backtest.IntervalReport;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.interval.Interval;
import io.barcast.interval.IntervalSettings;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;
import io.barcast.testing.GarchSeries;

import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a reader sees in backtest.png: read from the charts' object model and from the pixels of the image written. */
class BacktestChartTest {

    private static final LocalDate START = LocalDate.of(2024, 1, 2);
    /** How far per channel an anti-aliased line's pixels may be from its colour (about 3/4 of a pixel covered). */
    private static final int LINE = 60;

    @TempDir
    Path dir;

    @Test
    void shouldWriteReadablePngOfExpectedSize() throws IOException {
        Path png = dir.resolve("charts/AAPL-backtest.png");

        BacktestChart.write(syntheticResult(), png);

        assertPng(png);
        // the image the other tests inspect is the one written
        BufferedImage written = ImageIO.read(png.toFile());
        BufferedImage drawn = Drawn.of(syntheticResult()).image;
        assertThat(IntStream.range(0, BacktestChart.HEIGHT).allMatch(y -> IntStream.range(0, BacktestChart.WIDTH)
                .allMatch(x -> written.getRGB(x, y) == drawn.getRGB(x, y)))).isTrue();
    }

    @Test
    void shouldWriteEmptyPanelsWithTheirNotesWhenThereAreNoPredictionsNorRetrains() throws IOException {
        BacktestResult empty = new BacktestResult("EMPTY", 0, List.of(), List.of(), new ForecastMetrics(), 0, 0);
        Path png = dir.resolve("empty.png");

        BacktestChart.write(empty, png);
        Drawn drawn = Drawn.of(empty);

        assertPng(png);
        assertThat(drawn.price.getTitle().getText()).isEqualTo("EMPTY walk-forward backtest");
        assertThat(drawn.loss.getTitle().getText()).isEqualTo("training loss per retrain (0 retrains, 0 not OK)");
        for (XYPlot plot : List.of(drawn.price.getXYPlot(), drawn.loss.getXYPlot())) {
            assertThat(plot.getDatasetCount()).isEqualTo(1);
            assertThat(plot.getDomainAxis().isTickLabelsVisible()).isFalse();
            assertThat(plot.getRangeAxis().isTickLabelsVisible()).isFalse();
        }
        assertThat(drawn.price.getXYPlot().getNoDataMessage()).isEqualTo("no predictions (no model was ever trained successfully, or too few bars)");
        assertThat(drawn.loss.getXYPlot().getNoDataMessage()).isEqualTo("no retrains");
        // the notes are written in the middle of each plot, and nothing else is drawn there
        assertThat(textPixels(drawn.image, middle(drawn.priceArea))).isGreaterThan(100);
        assertThat(textPixels(drawn.image, middle(drawn.lossArea))).isGreaterThan(30);
        for (int s : new int[]{1, 2}) { // the coloured lines (the actual close is as dark as the note)
            assertThat(pixels(drawn.image, drawn.priceArea, seriesColor(drawn.price, s), LINE)).isZero();
        }
        for (int s = 0; s < 3; s++) {
            assertThat(pixels(drawn.image, drawn.lossArea, seriesColor(drawn.loss, s), LINE)).isZero();
        }
    }

    @Test
    void shouldDrawEveryRetrainCountedInTheHeadingOnTheLossPanel() {
        BacktestResult result = syntheticResult();
        Drawn drawn = Drawn.of(result);
        XYPlot plot = drawn.loss.getXYPlot();
        XYSeriesCollection data = (XYSeriesCollection) plot.getDataset();

        assertThat(drawn.loss.getTitle().getText()).isEqualTo("training loss per retrain (4 retrains, 2 not OK)");
        assertThat(legendLabels(plot)).containsExactly("final train loss", "final validation loss", "retrain not OK (failed or refused)");
        // each retrain with a final loss is a dot on both curves, at its window's end, in the curve's colour
        for (TrainingReport r : result.retrains()) {
            if (Double.isFinite(r.finalTrainLoss())) {
                assertThat(points(data, 0)).contains(new Point(millis(r.windowEnd()), r.finalTrainLoss()));
                assertThat(points(data, 1)).contains(new Point(millis(r.windowEnd()), r.finalValLoss()));
                assertThat(near(drawn, plot, drawn.lossArea, r.windowEnd(), r.finalTrainLoss(), seriesColor(drawn.loss, 0), 0))
                        .as("train loss dot of %s", r.windowEnd()).isTrue();
                assertThat(near(drawn, plot, drawn.lossArea, r.windowEnd(), r.finalValLoss(), seriesColor(drawn.loss, 1), 0))
                        .as("validation loss dot of %s", r.windowEnd()).isTrue();
            }
        }
        // no retrain is missing: each is on a curve or marked failed
        List<Double> drawnAt = new ArrayList<>();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            points(data, s).forEach(p -> drawnAt.add(p.x()));
        }
        assertThat(result.retrains()).allSatisfy(r -> assertThat(drawnAt).contains((double) millis(r.windowEnd())));
        assertFailuresMarked(drawn, result);
    }

    @Test
    void shouldMarkEveryFailedRetrainWithARedCrossAtZero() {
        List<TrainingReport> retrains = List.of(report(START, TrainingStatus.INSUFFICIENT_DATA, -1),
                report(START.plusDays(20), TrainingStatus.DIVERGED, -1));
        BacktestResult result = new BacktestResult("FAIL", 40, List.of(), retrains, new ForecastMetrics(), 1, 2);
        Drawn drawn = Drawn.of(result);

        assertThat(drawn.loss.getTitle().getText()).isEqualTo("training loss per retrain (2 retrains, 2 not OK)");
        XYSeriesCollection data = (XYSeriesCollection) drawn.loss.getXYPlot().getDataset();
        assertThat(data.getSeries(0).getItemCount()).isZero(); // no final loss to draw
        assertThat(data.getSeries(1).getItemCount()).isZero();
        assertFailuresMarked(drawn, result);
        // an OK retrain is no failure
        Drawn ok = Drawn.of(new BacktestResult("OK", 40, List.of(), List.of(report(START, TrainingStatus.OK, 2)),
                new ForecastMetrics(), 1, 2));
        assertThat(((XYSeriesCollection) ok.loss.getXYPlot().getDataset()).getSeries(2).getItemCount()).isZero();
        assertThat(pixels(ok.image, ok.lossArea, seriesColor(ok.loss, 2), 0)).isZero();
    }

    @Test
    void shouldDrawEveryPriceLineNamedInTheLegend() {
        BacktestResult result = syntheticResult();
        Drawn drawn = Drawn.of(result);
        XYPlot plot = drawn.price.getXYPlot();
        XYSeriesCollection lines = (XYSeriesCollection) plot.getDataset(0);

        assertThat(drawn.price.getTitle().getText()).isEqualTo("AAPL walk-forward backtest");
        assertThat(legendLabels(plot)).containsExactly("actual close", "raw model prediction", "served prediction");
        assertThat(plot.getDataset(1)).as("no interval bands without intervals").isNull();
        List<BacktestPrediction> p = result.predictions();
        assertThat(points(lines, 0)).containsExactlyElementsOf(p.stream().map(x -> new Point(millis(x.targetDate()), x.actualClose())).toList());
        assertThat(points(lines, 1)).containsExactlyElementsOf(p.stream().map(x -> new Point(millis(x.targetDate()), x.modelPredictedClose())).toList());
        assertThat(points(lines, 2)).containsExactlyElementsOf(p.stream().map(x -> new Point(millis(x.targetDate()), x.predictedClose())).toList());
        // each line shows in a colour of its own, apart from the background; the actual close, drawn last, through each of its points
        int background = rgb((Color) plot.getBackgroundPaint());
        for (int s = 0; s < 3; s++) {
            String line = lines.getSeriesKey(s).toString();
            assertThat(like(background, seriesColor(drawn.price, s), LINE)).as(line + " stands out from the background").isFalse();
            assertThat(pixels(drawn.image, drawn.priceArea, seriesColor(drawn.price, s), LINE)).as(line).isGreaterThan(50);
        }
        long actual = IntStream.range(0, p.size()).filter(i -> near(drawn, plot, drawn.priceArea, p.get(i).targetDate(),
                p.get(i).actualClose(), seriesColor(drawn.price, 0), LINE)).count();
        assertThat(actual).isGreaterThan(p.size() * 9 / 10L);
    }

    @Test
    void shouldDrawBarcastsIntervalsAsBandsTheNarrowerDarkerOnTopOfTheWider() {
        GarchSeries g = GarchSeries.simulate("G", 400, 3);
        List<BacktestPrediction> predictions = g.oraclePredictions(250, 0.8, 0.95);
        ForecastMetrics metrics = new ForecastMetrics();
        predictions.forEach(p -> metrics.add(p.lastClose(), p.predictedClose(), p.actualClose()));
        BacktestResult withBands = new BacktestResult("G", 400, predictions, List.of(report(START, TrainingStatus.OK, 2)), metrics,
                1, 2, IntervalReport.of(predictions, g.bars(), IntervalSettings.defaults()));
        BacktestResult withoutBands = new BacktestResult("G", 400, predictions.stream().map(p -> new BacktestPrediction(p.asOf(),
                p.targetDate(), p.lastClose(), p.predictedClose(), p.actualClose(), p.modelVersion(), p.trainedThrough(),
                p.modelPredictedClose(), p.weight())).toList(), withBands.retrains(), metrics, 1, 2);

        Drawn banded = Drawn.of(withBands);
        Drawn plain = Drawn.of(withoutBands);

        // In the legend: a swatch per level, the 95 % band in the lightest colour, the 80 % band in the next
        XYPlot plot = banded.price.getXYPlot();
        assertThat(legendLabels(plot)).containsExactly("actual close", "raw model prediction", "served prediction",
                "80% interval", "95% interval");
        assertThat(legendItem(plot, "95% interval").getFillPaint()).isEqualTo(BacktestChart.BAND_COLORS[0]);
        assertThat(legendItem(plot, "80% interval").getFillPaint()).isEqualTo(BacktestChart.BAND_COLORS[1]);
        // In the plot: at each target date the 95 % band spans its interval, and the 80 % band shows inside it
        int spans = 0;
        int bounded = 0;
        int inner = 0;
        int outer = 0;
        List<BacktestPrediction> sampled = predictions.subList(2, predictions.size() - 2);
        for (BacktestPrediction p : sampled) {
            Interval i80 = p.intervals().get(0);
            Interval i95 = p.intervals().get(1);
            double x = x(plot, banded.priceArea, p.targetDate());
            double top95 = y(plot, banded.priceArea, i95.upper());
            double bottom95 = y(plot, banded.priceArea, i95.lower());
            double top80 = y(plot, banded.priceArea, i80.upper());
            double bottom80 = y(plot, banded.priceArea, i80.lower());
            // a band edge lies within 4 px of its bound here: it slopes to the next date's, and is anti-aliased
            spans += bandShare(banded.image, x, top95 + 4, bottom95 - 4) >= 0.6 ? 1 : 0;
            bounded += bandShare(banded.image, x, top95 - 12, top95 - 5) + bandShare(banded.image, x, bottom95 + 5, bottom95 + 12) == 0 ? 1 : 0;
            inner += color(banded.image, x, top80 + (bottom80 - top80) / 4) == rgb(BacktestChart.BAND_COLORS[1]) ? 1 : 0;
            outer += color(banded.image, x, (top95 + top80) / 2) == rgb(BacktestChart.BAND_COLORS[0]) ? 1 : 0;
        }
        int n = sampled.size();
        assertThat(spans).as("dates whose 95%% interval is filled with band colours, of %d", n).isGreaterThan(n * 9 / 10);
        assertThat(bounded).as("dates with no band colour beyond the 95%% interval, of %d", n).isGreaterThan(n * 9 / 10);
        assertThat(inner).as("dates with the 80%% band's colour inside the 80%% interval, of %d", n).isGreaterThan(n * 3 / 4);
        assertThat(outer).as("dates with the 95%% band's colour between the 80%% and 95%% bounds, of %d", n).isGreaterThan(n * 3 / 4);
        // Without intervals: no band, neither in the legend nor in the image
        assertThat(legendLabels(plain.price.getXYPlot())).noneMatch(l -> l.contains("interval"));
        for (Color band : BacktestChart.BAND_COLORS) {
            assertThat(pixels(plain.image, new Rectangle2D.Double(0, 0, BacktestChart.WIDTH, BacktestChart.HEIGHT), band, 0)).isZero();
        }
        assertThat(ChartSubtitles.intervalsLine(withBands)).startsWith("interval coverage: 80%: Barcast ")
                .contains("hist. sim. ", "EWMA + ACI ", "|  95%: ", "Barcast's score ÷ theirs ").doesNotContain("NaN", "n/a");
        assertThat(ChartSubtitles.intervalsLine(withoutBands)).isEmpty();
        assertThat(subtitles(banded.price)).containsExactly(ChartSubtitles.metricsLine(withBands), ChartSubtitles.intervalsLine(withBands));
        assertThat(subtitles(plain.price)).containsExactly(ChartSubtitles.metricsLine(withoutBands));
    }

    @Test
    void shouldSummariseMetricsInSubtitle() {
        String line = ChartSubtitles.metricsLine(syntheticResult());

        assertThat(line).startsWith("served: Theil's U ").contains("RMSE ", " vs naive ", "hit rate ", "%", "mean skill weight 1.00", "raw model: Theil's U ", "60 predictions")
                .doesNotContain("NaN", "n/a");
        assertThat(ChartSubtitles.metricsLine(new BacktestResult("X", 0, List.of(), List.of(),
                new ForecastMetrics(), 0, 0))).isEqualTo("no scored predictions");
    }

    /** The two charts of a result and the image they make, with where each plot was drawn in it. */
    private record Drawn(JFreeChart price, JFreeChart loss, BufferedImage image, Rectangle2D priceArea, Rectangle2D lossArea) {

        static Drawn of(BacktestResult result) {
            JFreeChart price = BacktestChart.priceChart(result);
            JFreeChart loss = BacktestChart.lossChart(result);
            ChartRenderingInfo priceInfo = new ChartRenderingInfo();
            ChartRenderingInfo lossInfo = new ChartRenderingInfo();
            BufferedImage image = BacktestChart.render(price, loss, priceInfo, lossInfo);
            return new Drawn(price, loss, image, priceInfo.getPlotInfo().getDataArea(), lossInfo.getPlotInfo().getDataArea());
        }
    }

    /** Every failed retrain: a point at (window end, 0) of the failure series, drawn as a red cross there. */
    private static void assertFailuresMarked(Drawn drawn, BacktestResult result) {
        XYPlot plot = drawn.loss.getXYPlot();
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        assertThat(renderer.getSeriesLinesVisible(2)).isFalse();
        assertThat(seriesColor(drawn.loss, 2)).isEqualTo(new Color(214, 39, 40));
        List<TrainingReport> failed = result.retrains().stream().filter(r -> r.status() != TrainingStatus.OK).toList();
        assertThat(points((XYSeriesCollection) plot.getDataset(), 2))
                .containsExactlyElementsOf(failed.stream().map(r -> new Point(millis(r.windowEnd()), 0)).toList());
        for (TrainingReport r : failed) {
            assertThat(near(drawn, plot, drawn.lossArea, r.windowEnd(), 0, seriesColor(drawn.loss, 2), 0))
                    .as("red cross of %s", r.windowEnd()).isTrue();
        }
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

    private static List<String> legendLabels(XYPlot plot) {
        return legendItems(plot).stream().map(LegendItem::getLabel).toList();
    }

    private static LegendItem legendItem(XYPlot plot, String label) {
        return legendItems(plot).stream().filter(item -> item.getLabel().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no legend item " + label));
    }

    /** The legend's items, in the order shown. */
    private static List<LegendItem> legendItems(XYPlot plot) {
        LegendItemCollection items = plot.getLegendItems();
        return IntStream.range(0, items.getItemCount()).mapToObj(items::get).toList();
    }

    private static List<String> subtitles(JFreeChart chart) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof TextTitle t) {
                texts.add(t.getText());
            }
        }
        return texts;
    }

    /** A data point of a chart: x in epoch milliseconds for dates. */
    private record Point(double x, double y) {
    }

    private static List<Point> points(XYDataset data, int series) {
        return IntStream.range(0, data.getItemCount(series))
                .mapToObj(i -> new Point(data.getXValue(series, i), data.getYValue(series, i))).toList();
    }

    private static Color seriesColor(JFreeChart chart, int series) {
        XYItemRenderer renderer = chart.getXYPlot().getRenderer(0);
        return (Color) renderer.getSeriesPaint(series);
    }

    private static double x(XYPlot plot, Rectangle2D area, LocalDate date) {
        return plot.getDomainAxis().valueToJava2D(millis(date), area, plot.getDomainAxisEdge());
    }

    private static double y(XYPlot plot, Rectangle2D area, double value) {
        return plot.getRangeAxis().valueToJava2D(value, area, plot.getRangeAxisEdge());
    }

    /** Whether a pixel within 1 px of where ({@code date}, {@code value}) is drawn has {@code color}, give or take {@code tolerance}. */
    private static boolean near(Drawn drawn, XYPlot plot, Rectangle2D area, LocalDate date, double value, Color color, int tolerance) {
        double cx = x(plot, area, date);
        double cy = y(plot, area, value);
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if (like(color(drawn.image, cx + dx, cy + dy), color, tolerance)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The share of the pixels of column {@code x} from {@code y0} to {@code y1} in a band colour. */
    private static double bandShare(BufferedImage image, double x, double y0, double y1) {
        int rows = 0;
        int band = 0;
        for (double y = y0; y <= y1; y++) {
            int c = color(image, x, y);
            rows++;
            for (Color b : BacktestChart.BAND_COLORS) {
                band += c == rgb(b) ? 1 : 0;
            }
        }
        return rows == 0 ? 0 : (double) band / rows;
    }

    /** The middle third of {@code area}, where a plot writes its no-data note. */
    private static Rectangle2D middle(Rectangle2D area) {
        return new Rectangle2D.Double(area.getX() + area.getWidth() / 4, area.getY() + area.getHeight() / 3,
                area.getWidth() / 2, area.getHeight() / 3);
    }

    /** Dark pixels (text) in {@code area}. */
    private static long textPixels(BufferedImage image, Rectangle2D area) {
        long n = 0;
        for (int y = (int) area.getMinY(); y < (int) area.getMaxY(); y++) {
            for (int x = (int) area.getMinX(); x < (int) area.getMaxX(); x++) {
                Color c = new Color(image.getRGB(x, y));
                n += c.getRed() < 100 && c.getGreen() < 100 && c.getBlue() < 100 ? 1 : 0;
            }
        }
        return n;
    }

    /** Pixels of {@code area} in {@code color}, give or take {@code tolerance} per channel. */
    private static long pixels(BufferedImage image, Rectangle2D area, Color color, int tolerance) {
        long n = 0;
        for (int y = (int) area.getMinY(); y < (int) area.getMaxY(); y++) {
            for (int x = (int) area.getMinX(); x < (int) area.getMaxX(); x++) {
                n += like(color(image, x, y), color, tolerance) ? 1 : 0;
            }
        }
        return n;
    }

    /** The colour of the pixel that holds the point ({@code x}, {@code y}); -1 outside the image. */
    private static int color(BufferedImage image, double x, double y) {
        int px = (int) Math.floor(x);
        int py = (int) Math.floor(y);
        return px < 0 || py < 0 || px >= image.getWidth() || py >= image.getHeight() ? -1 : image.getRGB(px, py) & 0xFFFFFF;
    }

    private static boolean like(int rgb, Color color, int tolerance) {
        if (rgb < 0) {
            return false;
        }
        Color c = new Color(rgb);
        return Math.abs(c.getRed() - color.getRed()) <= tolerance && Math.abs(c.getGreen() - color.getGreen()) <= tolerance
                && Math.abs(c.getBlue() - color.getBlue()) <= tolerance;
    }

    private static int rgb(Color color) {
        return color.getRGB() & 0xFFFFFF;
    }

    private static long millis(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static BacktestResult syntheticResult() {
        List<BacktestPrediction> predictions = new ArrayList<>();
        ForecastMetrics metrics = new ForecastMetrics();
        double close = 180;
        for (int i = 0; i < 60; i++) {
            double next = close * (1 + 0.01 * Math.sin(i * 0.7));
            double predicted = close * (1 + 0.004 * Math.cos(i * 0.5));
            LocalDate asOf = START.plusDays(i);
            double raw = close * (1 + 0.006 * Math.sin(i * 0.3));
            predictions.add(new BacktestPrediction(asOf, asOf.plusDays(1), close, predicted, next, 1 + i / 20,
                    START.plusDays(i / 20 * 20), raw, 1.0));
            metrics.add(close, predicted, next);
            close = next;
        }
        List<TrainingReport> retrains = List.of(report(START, TrainingStatus.OK, 2),
                report(START.plusDays(20), TrainingStatus.STALLED, -1),
                report(START.plusDays(40), TrainingStatus.OK, 1),
                report(START.plusDays(60), TrainingStatus.REJECTED_WORSE, 2));
        return new BacktestResult("AAPL", 120, predictions, retrains, metrics, 12.5, 30.0);
    }

    /** Final losses: train 0.95, validation 1.02 at best epoch 2; 1.1 and 1.05 at 1; none at -1. */
    private static TrainingReport report(LocalDate windowEnd, TrainingStatus status, int bestEpoch) {
        return new TrainingReport("AAPL", 1, windowEnd, status, status == TrainingStatus.OK ? null : "synthetic",
                List.of(1.4, 1.1, 0.95), List.of(1.3, 1.05, 1.02), bestEpoch, 2.1, 2.2, Double.NaN, 200, 40, 1500);
    }
}
