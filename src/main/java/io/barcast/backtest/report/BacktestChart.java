package io.barcast.backtest.report;

import io.barcast.backtest.BacktestPrediction;
import io.barcast.backtest.BacktestResult;
import io.barcast.interval.Interval;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingStatus;

import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.TreeMap;

/**
 * Renders a {@link BacktestResult} as one PNG: actual vs predicted close on top, over Barcast's published
 * prediction intervals as bands (the widest level lightest, narrower levels darker on top of it), and the
 * training loss of every retrain below (retrains that are not OK, refused ones included, as red crosses at zero). Works headless; an empty
 * result gives empty panels with a note.
 */
final class BacktestChart {

    static final int WIDTH = 1400;
    static final int HEIGHT = 900;
    private static final double TOP_SHARE = 0.65;
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font SUBTITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    /** Interval bands, from the widest level's (lightest) to the narrowest's; opaque, so lines stay crisp on top. */
    static final Color[] BAND_COLORS = {new Color(222, 235, 247), new Color(176, 207, 234), new Color(140, 184, 224)};

    private BacktestChart() {
    }

    /** Writes the chart of {@code result} to {@code png} (parent directories are created). */
    static void write(BacktestResult result, Path png) throws IOException {
        BufferedImage image = render(priceChart(result), lossChart(result), null, null);
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }

    /** The image: {@code top} above {@code bottom}; each info, when given, records where its chart's plot was drawn. */
    static BufferedImage render(JFreeChart top, JFreeChart bottom, ChartRenderingInfo topInfo, ChartRenderingInfo bottomInfo) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, WIDTH, HEIGHT);
            int split = (int) Math.round(HEIGHT * TOP_SHARE);
            g2.setColor(Color.LIGHT_GRAY);
            g2.drawLine(20, split, WIDTH - 20, split);
            top.draw(g2, new Rectangle2D.Double(0, 0, WIDTH, split), topInfo);
            bottom.draw(g2, new Rectangle2D.Double(0, split, WIDTH, HEIGHT - split), bottomInfo);
        } finally {
            g2.dispose();
        }
        return image;
    }

    /** Actual close, served and raw predictions over the interval bands; the metrics and interval coverage as subtitles. */
    static JFreeChart priceChart(BacktestResult result) {
        XYSeries actual = new XYSeries("actual close", true, true);
        XYSeries predicted = new XYSeries("served prediction", true, true);
        XYSeries raw = new XYSeries("raw model prediction", true, true);
        for (BacktestPrediction p : result.predictions()) {
            addIfFinite(actual, p.targetDate(), p.actualClose());
            addIfFinite(predicted, p.targetDate(), p.predictedClose());
            addIfFinite(raw, p.targetDate(), p.modelPredictedClose());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(actual);
        data.addSeries(raw);
        data.addSeries(predicted);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        style(renderer, 0, new Color(30, 30, 30), 1.1f);
        style(renderer, 1, new Color(100, 149, 237), 0.8f);
        style(renderer, 2, new Color(255, 127, 14), 1.1f);
        NumberAxis closeAxis = new NumberAxis("close");
        closeAxis.setAutoRangeIncludesZero(false);
        XYPlot plot = plot(data, dateAxis("target date"), closeAxis, renderer,
                "no predictions (no model was ever trained successfully, or too few bars)");
        addBands(plot, result.predictions());
        JFreeChart chart = new JFreeChart(result.symbol() + " walk-forward backtest", TITLE_FONT, plot, true);
        chart.addSubtitle(0, new TextTitle(ChartSubtitles.metricsLine(result), SUBTITLE_FONT));
        String intervals = ChartSubtitles.intervalsLine(result);
        if (!intervals.isEmpty()) {
            chart.addSubtitle(1, new TextTitle(intervals, SUBTITLE_FONT));
        }
        chart.getLegend().setPosition(RectangleEdge.TOP);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Barcast's intervals as bands behind the lines, at each prediction's target date: series 0 the narrowest level.
     * Series are drawn last to first and this dataset before the lines, so the widest band is at the back.
     */
    private static void addBands(XYPlot plot, List<BacktestPrediction> predictions) {
        TreeMap<Double, YIntervalSeries> byLevel = new TreeMap<>();
        for (BacktestPrediction p : predictions) {
            if (p.targetDate() == null) {
                continue;
            }
            for (Interval i : p.intervals()) {
                byLevel.computeIfAbsent(i.level(), l -> new YIntervalSeries(BacktestIntervals.percentLabel(l) + "% interval", true, true))
                        .add(millis(p.targetDate()), (i.lower() + i.upper()) / 2, i.lower(), i.upper());
            }
        }
        if (byLevel.isEmpty()) {
            return;
        }
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        List<Color> colors = new ArrayList<>();
        int n = byLevel.size();
        int k = 0;
        for (YIntervalSeries series : byLevel.values()) {
            bands.addSeries(series);
            // The widest gets the lightest colour, the narrowest the darkest (of as many as there are levels).
            colors.add(BAND_COLORS[Math.min(BAND_COLORS.length - 1, n - 1 - k)]);
            k++;
        }
        DeviationRenderer renderer = new DeviationRenderer(false, false) {
            @Override
            public LegendItem getLegendItem(int datasetIndex, int series) {
                LegendItem item = new LegendItem(String.valueOf(bands.getSeriesKey(series)), null, null, null,
                        new Rectangle2D.Double(-7, -5, 14, 10), lookupSeriesFillPaint(series));
                item.setDatasetIndex(datasetIndex);
                item.setSeriesIndex(series);
                return item;
            }
        };
        renderer.setAlpha(1f);
        for (int i = 0; i < colors.size(); i++) {
            renderer.setSeriesFillPaint(i, colors.get(i));
            renderer.setSeriesPaint(i, colors.get(i));
        }
        plot.setDataset(1, bands);
        plot.setRenderer(1, renderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.REVERSE);
    }

    /** Each retrain's final training and validation loss at its window's end; those not OK (failed or refused) as red crosses at zero. */
    static JFreeChart lossChart(BacktestResult result) {
        XYSeries train = new XYSeries("final train loss", true, true);
        XYSeries val = new XYSeries("final validation loss", true, true);
        XYSeries failed = new XYSeries("retrain not OK (failed or refused)", true, true);
        for (TrainingReport r : result.retrains()) {
            addIfFinite(train, r.windowEnd(), r.finalTrainLoss());
            addIfFinite(val, r.windowEnd(), r.finalValLoss());
            if (r.status() != TrainingStatus.OK && r.windowEnd() != null) {
                failed.add(millis(r.windowEnd()), 0.0);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(train);
        data.addSeries(val);
        data.addSeries(failed);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        style(renderer, 0, new Color(31, 119, 180), 1.2f);
        style(renderer, 1, new Color(255, 127, 14), 1.2f);
        Ellipse2D.Double dot = new Ellipse2D.Double(-3, -3, 6, 6);
        renderer.setSeriesShape(0, dot);
        renderer.setSeriesShape(1, dot);
        renderer.setSeriesPaint(2, new Color(214, 39, 40));
        renderer.setSeriesLinesVisible(2, false);
        renderer.setSeriesShape(2, ShapeUtils.createDiagonalCross(5f, 1.2f));
        // Linear axis: losses sit around 0.5..2; the failures at y = 0 pull the range (plus margin) below zero.
        NumberAxis lossAxis = new NumberAxis("loss (squared error + variance NLL, standardised returns)");
        lossAxis.setAutoRangeIncludesZero(false);
        lossAxis.setAutoRangeStickyZero(false);
        XYPlot plot = plot(data, dateAxis("training window end"), lossAxis, renderer, "no retrains");
        long failures = result.failedRetrains();
        String heading = String.format(Locale.ROOT, "training loss per retrain (%d retrains, %d not OK)",
                result.retrains().size(), failures);
        JFreeChart chart = new JFreeChart(heading, SUBTITLE_FONT, plot, true);
        chart.getLegend().setPosition(RectangleEdge.TOP);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYPlot plot(XYSeriesCollection data, DateAxis x, NumberAxis y, XYLineAndShapeRenderer renderer,
                               String emptyNote) {
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
        plot.setNoDataMessage(emptyNote);
        plot.setNoDataMessageFont(SUBTITLE_FONT);
        if (DatasetUtils.isEmptyOrNull(data)) {
            x.setTickLabelsVisible(false); // an empty date axis would show one meaningless epoch tick
            y.setTickLabelsVisible(false);
        }
        return plot;
    }

    private static DateAxis dateAxis(String label) {
        DateAxis axis = new DateAxis(label, UTC, Locale.ENGLISH);
        axis.setLowerMargin(0.01);
        axis.setUpperMargin(0.01);
        return axis;
    }

    private static void style(XYLineAndShapeRenderer renderer, int series, Color color, float width) {
        renderer.setSeriesPaint(series, color);
        renderer.setSeriesStroke(series, new BasicStroke(width));
    }

    private static void addIfFinite(XYSeries series, LocalDate date, double value) {
        if (date != null && Double.isFinite(value)) {
            series.add(millis(date), value);
        }
    }

    private static long millis(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
