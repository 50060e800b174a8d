package io.barcast.options;

import io.barcast.bar.Bar;
import io.barcast.bar.BundledData;
import io.barcast.feature.FeatureSet;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code --csv} and {@code --symbol}: one series of daily bars from a CSV file or a bundled set. */
public final class CsvInput {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--csv", paramLabel = "FILE", description = "CSV file (Date,Open,High,Low,Close,Volume; Volume may be left out"
            + " under model.features=OHLC; an optional SplitFactor column) or a bundled set: sp500, aapl")
    private String csv;

    @Option(names = "--symbol", description = "Symbol (default: SPX/AAPL for bundled sets, else the file name)")
    private String symbol;

    @Option(names = CsvReading.SKIP_OPTION, description = CsvReading.SKIP_DESCRIPTION)
    private boolean skipBadRows;

    /** @param defaultCsv the {@code --csv} default, or null when the command requires {@code --csv} */
    public CsvInput(String defaultCsv) {
        this.csv = defaultCsv;
    }

    /**
     * The {@code --csv} value.
     *
     * @throws ParameterException when the command requires it and it is missing
     */
    public String csv() {
        if (csv == null) {
            throw new ParameterException(command.commandLine(), "Missing required option: '--csv=FILE'");
        }
        return csv;
    }

    /** {@code --symbol}, or the default symbol of {@link #csv()}. */
    public String symbol() {
        return symbol != null ? symbol : defaultSymbol(csv());
    }

    /**
     * Reads the series: a Volume column is needed only when {@code features} read volume; a row that cannot be read
     * refuses the file, or with {@code --skip-bad-rows} is skipped and reported on the command's stderr.
     */
    public List<Bar> read(FeatureSet features) throws IOException {
        return CsvReading.read(csv(), symbol(), features, skipBadRows,
                command == null ? new PrintWriter(System.err, true) : command.commandLine().getErr());
    }

    /** SPX/AAPL for the bundled sets, else the file name up to its first dot, in upper case. */
    public static String defaultSymbol(String csv) {
        String bundled = BundledData.defaultSymbol(csv);
        if (bundled != null) {
            return bundled;
        }
        String name = Path.of(csv).getFileName().toString();
        int dot = name.indexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).toUpperCase(Locale.ROOT);
    }
}
