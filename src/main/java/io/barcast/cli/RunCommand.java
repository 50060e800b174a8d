package io.barcast.cli;

import io.barcast.broker.BrokerCheck;
import io.barcast.config.Keys;
import io.barcast.forecast.Trainer;
import io.barcast.options.ConfigOptions;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;
import io.barcast.service.StartChecks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code barcast run}: the streaming service against an existing Kafka cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the streaming service against an existing Kafka cluster. Settings: the built-in defaults, then --config,"
                + " then --set, then BARCAST_* environment variables.")
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        ServiceConfig cfg = ServiceConfig.of(config.properties(), System.getenv());
        log.info("Configuration:\n{}", cfg.describe());
        StartChecks.httpPortFree(cfg, null);
        BrokerCheck.require(cfg.kafka(), Duration.ofSeconds(cfg.get(Keys.BROKER_WAIT_SECONDS)), Keys.BROKER_WAIT_SECONDS.name());
        BarcastService service = BarcastService.start(cfg, Trainer.lstm());
        Thread hook = new Thread(service::close, "barcast-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Throwable failure = service.awaitStop();
        if (failure != null) {
            log.error("Barcast stopped after a fatal error: {}", failure.toString());
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
            service.close();
            return 1;
        }
        return 0;
    }
}
