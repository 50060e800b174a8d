package io.barcast.cli;

import io.barcast.service.ServiceKeys;
import io.barcast.broker.BrokerCheck;
import io.barcast.forecast.Trainer;
import io.barcast.options.ConfigOptions;
import io.barcast.service.BarcastService;
import io.barcast.service.HttpEndpoints;
import io.barcast.service.PortFile;
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
        if (!awaitBroker(cfg)) {
            return 1;
        }
        BarcastService service = BarcastService.start(cfg, Trainer.lstm(cfg.trainingLstm()));
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

    /**
     * Checks the brokers. Unreachable: with {@code broker.wait.retry=false} the error goes up (exit 1); with true, /ready
     * answers 503 (state WAITING_FOR_BROKER) and one line per attempt says why, until a broker answers.
     *
     * @return false when interrupted while waiting
     */
    static boolean awaitBroker(ServiceConfig cfg) throws java.io.IOException {
        Duration wait = Duration.ofSeconds(cfg.get(ServiceKeys.BROKER_WAIT_SECONDS));
        String key = ServiceKeys.BROKER_WAIT_SECONDS.name();
        if (!cfg.get(ServiceKeys.BROKER_WAIT_RETRY)) {
            BrokerCheck.require(cfg.kafka(), wait, key);
            return true;
        }
        HttpEndpoints waiting = null;
        long start = System.nanoTime();
        try {
            for (int attempt = 1; ; attempt++) {
                long began = System.nanoTime();
                try {
                    BrokerCheck.require(cfg.kafka(), wait, key);
                    return true;
                } catch (BrokerCheck.Unreachable e) {
                    if (waiting == null) {
                        waiting = new HttpEndpoints(cfg.get(ServiceKeys.HTTP_BIND_ADDRESS), cfg.get(ServiceKeys.HTTP_PORT), () -> "",
                                () -> false, () -> "WAITING_FOR_BROKER",
                                new HttpEndpoints.PredictionLookup() {
                                    @Override
                                    public HttpEndpoints.Response lookup(String symbol, HttpEndpoints.Request request) {
                                        return HttpEndpoints.Response.error(503, "waiting for the Kafka broker");
                                    }

                                    @Override
                                    public HttpEndpoints.Response list(HttpEndpoints.Request request) {
                                        return HttpEndpoints.Response.error(503, "waiting for the Kafka broker");
                                    }
                                });
                        PortFile.write(cfg, waiting.port());
                    }
                    log.warn("Waiting for the Kafka broker (attempt {}, {} s; /ready 503 until it answers): {}", attempt,
                            (System.nanoTime() - start) / 1_000_000_000L, e.getMessage());
                }
                long left = wait.toMillis() - (System.nanoTime() - began) / 1_000_000;
                if (left > 0) {
                    Thread.sleep(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (waiting != null) {
                waiting.close();
            }
        }
    }
}
