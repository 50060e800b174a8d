package io.barcast.cli;

import io.barcast.bar.Bar;
import io.barcast.config.ConfigReader;
import io.barcast.options.CsvInput;
import io.barcast.options.RateOption;
import io.barcast.replay.BarReplayer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code barcast replay}: feed a broker's input topic from a CSV file. */
@Command(name = "replay", mixinStandardHelpOptions = true, showDefaultValues = true, description = "Publish the bars of a CSV file to a topic, with a progress bar.")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, HOST:PORT[,...]")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "bars", description = "Input topic")
    String topic;

    /** Required: no default. */
    @Mixin
    CsvInput input = new CsvInput(null);

    @Mixin
    RateOption rate = new RateOption(0);

    @Option(names = "--client-config", description = "Properties file with extra producer settings (security etc.)")
    Path clientConfig;

    @Override
    public Integer call() throws Exception {
        String sym = input.symbol();
        List<Bar> bars = input.read();
        Map<String, Object> props = new HashMap<>();
        Properties extra = ConfigReader.load(clientConfig);
        extra.forEach((k, v) -> props.put(k.toString(), v));
        props.put("bootstrap.servers", bootstrap);
        ProgressBar progress = new ProgressBar(System.err, "replay " + sym + " -> " + topic, bars.size(), System.console() != null);
        long sent = new BarReplayer(props, topic).replay(bars, rate.rate(),
                (done, total, last) -> progress.update(done, last.date().toString()), () -> false);
        progress.finish(sent + " bars sent");
        System.out.println("Replayed " + sent + " bars of " + sym + " to " + topic + " at " + bootstrap);
        return 0;
    }
}
