package io.barcast.bench;

import io.barcast.options.ConfigOptions;
import io.barcast.options.WindowOption;
import io.barcast.service.ServiceConfig;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.Properties;

/** What the benchmarks of a seeded service take: {@code --symbols} (each its own default), {@code --window}, {@code --config}, {@code --set}. */
final class ServiceBenchOptions {

    @Option(names = "--symbols", description = "Synthetic symbols")
    private int symbols;

    @Mixin
    private WindowOption window;

    @Mixin
    private ConfigOptions config;

    ServiceBenchOptions(int defaultSymbols) {
        this.symbols = defaultSymbols;
    }

    int symbols() {
        return symbols;
    }

    /** The {@code --config} file, then {@code --set}, then {@code --window}. */
    Properties settings() throws IOException {
        return window.applyTo(config.properties());
    }

    /** The service configuration of {@link #settings()} alone, for the window and the model. */
    ServiceConfig service() throws IOException {
        io.barcast.options.OptionChecks.atLeast("--symbols", symbols, 1);
        Properties p = settings();
        try {
            return io.barcast.options.OptionChecks.reading(window.given(), () -> ServiceConfig.of(p));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
