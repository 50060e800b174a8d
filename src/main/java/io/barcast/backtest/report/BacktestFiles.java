package io.barcast.backtest.report;

import io.barcast.backtest.BacktestPrediction;
import io.barcast.backtest.BacktestResult;
import io.barcast.interval.Interval;
import io.barcast.interval.Levels;
import io.barcast.model.TrainingReport;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The files a backtest writes for one series: predictions.csv, retrains.csv and backtest.png (and summary.txt). */
final class BacktestFiles {

    private BacktestFiles() {
    }

    /** Writes predictions.csv, retrains.csv and backtest.png into {@code dir} (created if need be); returns them. */
    static List<Path> write(BacktestResult result, Path dir, double[] levels) throws IOException {
        Files.createDirectories(dir);
        Path predictions = dir.resolve("predictions.csv");
        Path retrains = dir.resolve("retrains.csv");
        Path chart = dir.resolve("backtest.png");
        writePredictions(result, predictions, levels);
        writeRetrains(result, retrains);
        BacktestChart.write(result, chart);
        return List.of(predictions, retrains, chart);
    }

    /** The text summary {@link BacktestSummary#print} prints, as {@code dir/summary.txt}; returns the file. */
    static Path writeSummary(BacktestResult result, Path dir) throws IOException {
        Path file = dir.resolve("summary.txt");
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            BacktestSummary.print(result, out);
        }
        return file;
    }

    /** One row per prediction; per configured level, its bounds (empty where a prediction had none) and whether the close fell inside. */
    private static void writePredictions(BacktestResult r, Path file, double[] levels) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            StringBuilder header = new StringBuilder("asOf,targetDate,lastClose,predictedClose,actualClose,error,naiveError,"
                    + "modelVersion,trainedThrough,modelPredictedClose,modelError,skillWeight");
            for (double level : levels) {
                String l = Levels.label(level);
                header.append(",lower_").append(l).append(",upper_").append(l).append(",inside_").append(l);
            }
            header.append(",counted,dataQuality,var975,var99,es975,probabilityUp");
            w.println(header);
            for (BacktestPrediction p : r.predictions()) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%s,%s,%.6f,%.6f,%.6f,%.6f,%.6f,%d,%s,%.6f,%.6f,%.6f",
                        p.asOf(), p.targetDate(), p.lastClose(), p.predictedClose(), p.actualClose(), p.error(), p.naiveError(),
                        p.modelVersion(), p.trainedThrough(), p.modelPredictedClose(), p.modelError(), p.weight()));
                for (double level : levels) {
                    Interval i = p.intervals().stream().filter(x -> x.level() == level).findFirst().orElse(null);
                    row.append(i == null ? ",,," : String.format(Locale.ROOT, ",%.6f,%.6f,%b", i.lower(), i.upper(), i.contains(p.actualClose())));
                }
                row.append(',').append(p.counted()).append(',')
                        .append(p.quality().stream().map(Enum::name).collect(Collectors.joining(";")));
                row.append(p.risk() == null ? ",,,," : String.format(Locale.ROOT, ",%.6f,%.6f,%.6f,%.6f", p.risk().var975(),
                        p.risk().var99(), p.risk().es975(), p.risk().probabilityUp()));
                w.println(row);
            }
        }
    }

    private static void writeRetrains(BacktestResult r, Path file) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("version,windowEnd,status,epochs,bestEpoch,finalTrainLoss,finalValLoss,valRmseModel,valRmseNaive,durationMs,reason,trainLossPerEpoch,valLossPerEpoch,warmStart");
            for (TrainingReport t : r.retrains()) {
                w.printf(Locale.ROOT, "%d,%s,%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%d,\"%s\",%s,%s,%b%n", t.version(), t.windowEnd(), t.status(),
                        t.epochs(), t.bestEpoch(), t.finalTrainLoss(), t.finalValLoss(), t.valRmseModel(), t.valRmseNaive(),
                        t.durationMillis(), t.reason() == null ? "" : t.reason().replace('"', '\''),
                        join(t.trainLoss()), join(t.valLoss()), t.warmStart());
            }
        }
    }

    private static String join(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.5f", v)).collect(Collectors.joining(";"));
    }
}
