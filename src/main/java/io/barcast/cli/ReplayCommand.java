package io.barcast.cli;

import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.config.ConfigReader;
import io.barcast.replay.BarReplayer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code barcast replay}: feed a broker's input topic from a CSV file. */
@Command(name = "replay", mixinStandardHelpOptions = true, description = "Publish the bars of a CSV file to a topic, with a progress bar.")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, HOST:PORT[,...]")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "bars", description = "Input topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--csv", required = true, description = "CSV file (Date,Open,High,Low,Close,Volume) or a bundled set: sp500, aapl")
    String csv;

    @Option(names = "--symbol", description = "Symbol (default: SPX/AAPL for bundled sets, else the file name)")
    String symbol;

    @Option(names = "--rate", defaultValue = "0", description = "Bars per second; 0 = as fast as possible (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--client-config", description = "Properties file with extra producer settings (security etc.)")
    Path clientConfig;

    @Override
    public Integer call() throws Exception {
        String sym = symbol != null ? symbol : BacktestCommand.defaultSymbol(csv);
        List<Bar> bars = CsvBarReader.read(csv, sym);
        Map<String, Object> props = new HashMap<>();
        Properties extra = ConfigReader.load(clientConfig);
        extra.forEach((k, v) -> props.put(k.toString(), v));
        props.put("bootstrap.servers", bootstrap);
        ProgressBar progress = new ProgressBar(System.err, "replay " + sym + " -> " + topic, bars.size(), System.console() != null);
        long sent = new BarReplayer(props, topic).replay(bars, rate,
                (done, total, last) -> progress.update(done, last.date().toString()), () -> false);
        progress.finish(sent + " bars sent");
        System.out.println("Replayed " + sent + " bars of " + sym + " to " + topic + " at " + bootstrap);
        return 0;
    }
}
