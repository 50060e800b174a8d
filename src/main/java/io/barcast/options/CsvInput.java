package io.barcast.options;

import io.barcast.bar.Bar;
import io.barcast.bar.BundledData;
import io.barcast.bar.CsvBarReader;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code --csv} and {@code --symbol}: one series of daily bars from a CSV file or a bundled set. */
public final class CsvInput {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--csv", paramLabel = "FILE", description = "CSV file (Date,Open,High,Low,Close,Volume) or a bundled set: sp500, aapl")
    private String csv;

    @Option(names = "--symbol", description = "Symbol (default: SPX/AAPL for bundled sets, else the file name)")
    private String symbol;

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

    public List<Bar> read() throws IOException {
        return CsvBarReader.read(csv(), symbol());
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
