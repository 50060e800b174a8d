package io.barcast.options;

import picocli.CommandLine.Option;

/** {@code --rate N}: bars per second replayed, all symbols together; each command gives its own default. */
public final class RateOption {

    @Option(names = "--rate", description = "Bars per second, all symbols together; 0 = as fast as possible")
    private double rate;

    public RateOption(double defaultRate) {
        this.rate = defaultRate;
    }

    public double rate() {
        return OptionChecks.atLeast("--rate", rate, 0);
    }
}
