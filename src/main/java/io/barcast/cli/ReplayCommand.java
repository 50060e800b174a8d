package io.barcast.cli;

import io.barcast.service.ServiceKeys;
import io.barcast.bar.Bar;
import io.barcast.broker.BrokerCheck;
import io.barcast.config.ConfigReader;
import io.barcast.service.ServiceConfig;
import io.barcast.options.CsvInput;
import io.barcast.options.RateOption;
import io.barcast.replay.BarReplayer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
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

    @Option(names = "--client-config", description = "Properties file with extra producer settings (security etc.), checked as the service checks its keys;"
            + " broker.wait.seconds bounds the wait for the broker; model.features=OHLC (the service's) lets a CSV without a Volume column through")
    Path clientConfig;

    @Override
    public Integer call() throws Exception {
        double barsPerSecond = rate.rate();
        Properties extra = ConfigReader.load(clientConfig);
        // The service's validation: an unknown key or a bad value stops here, before any connection
        ServiceConfig cfg = ServiceConfig.of(extra);
        String sym = input.symbol();
        List<Bar> bars = input.read(cfg.model().features()); // a Volume column is needed when the service reads volume
        Map<String, Object> props = new HashMap<>();
        extra.forEach((k, v) -> {
            if (ServiceKeys.CATALOG.byName(k.toString()) == null || k.toString().equals(ServiceKeys.BOOTSTRAP_SERVERS.name())) {
                props.put(k.toString(), v);
            }
        });
        props.put("bootstrap.servers", bootstrap);
        try {
            BrokerCheck.require(props, Duration.ofSeconds(cfg.get(ServiceKeys.BROKER_WAIT_SECONDS)),
                    ServiceKeys.BROKER_WAIT_SECONDS.name() + " in --client-config");
        } catch (io.barcast.config.ConfigError e) {
            throw e.name() != null && e.name().equals(ServiceKeys.BOOTSTRAP_SERVERS.name()) ? e.from("--bootstrap") : e;
        }
        ProgressBar progress = new ProgressBar(System.err, "replay " + sym + " -> " + topic, bars.size(), System.console() != null);
        long sent = new BarReplayer(props, topic).replay(bars, barsPerSecond,
                (done, total, last) -> progress.update(done, last.date().toString()), () -> false);
        progress.finish(sent + " bars sent");
        System.out.println("Replayed " + sent + " bars of " + sym + " to " + topic + " at " + bootstrap);
        return 0;
    }
}
