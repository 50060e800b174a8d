package io.barcast.cli;

import io.barcast.service.ServiceKeys;
import io.barcast.backtest.BacktestSeries;
import io.barcast.bar.Bar;
import io.barcast.bar.CsvBarReader;
import io.barcast.broker.EmbeddedKafka;
import io.barcast.config.ConfigError;
import io.barcast.forecast.Trainer;
import io.barcast.options.ConfigOptions;
import io.barcast.options.CsvInputs;
import io.barcast.options.OptionChecks;
import io.barcast.options.RateOption;
import io.barcast.replay.BarReplayer;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;
import io.barcast.service.StartChecks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code barcast local}: the embedded default. A real Kafka KRaft broker in this JVM, the service,
 * a replay of the bundled real data and a live view, until Ctrl-C.
 */
@Command(name = "local", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Run everything in one JVM: an embedded Kafka broker, the service, and a replay of the bundled S&P 500 and AAPL bars."
                + " Service settings as for run: the built-in defaults, then --config, then --set, then BARCAST_* environment variables.")
final class LocalCommand implements java.util.concurrent.Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(LocalCommand.class);

    @Option(names = "--data-dir", description = "Folder for the broker's log and the state stores (default: a temporary folder, deleted at exit)")
    Path dataDir;

    @Mixin
    CsvInputs input = new CsvInputs("sp500", "aapl");

    @Mixin
    RateOption rate = new RateOption(100);

    @Mixin
    ConfigOptions config;

    @Option(names = "--http-port", description = "Port of the live page (/), /metrics, /health, /ready, /predictions; sets http.port")
    Integer httpPort;

    @Option(names = "--port", defaultValue = "0", description = "Broker port (0: a free port)")
    int brokerPort;

    @Option(names = "--max-seconds", defaultValue = "0", description = "Stop by itself after this many seconds (0: run until Ctrl-C)")
    long maxSeconds;

    @Option(names = "--verbose", description = "Show the service's and the broker's log (INFO); without it only warnings and errors,"
            + " and not the state-directory warning of the default temporary layout")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Runnable restoreLogs = verbose ? () -> { } : quietLogs();
        try {
            return runLocal();
        } finally {
            restoreLogs.run();
        }
    }

    private int runLocal() throws Exception {
        long start = System.nanoTime();
        PrintStream out = System.out;
        double barsPerSecond = rate.rate();
        List<List<Bar>> series = readSeries(checkOptions());
        List<Bar> bars = BarReplayer.interleave(series);
        Running running = startBrokerAndService(start, out);
        printAddresses(out, running, series, bars.size(), barsPerSecond);
        Map<String, Object> client = new HashMap<>(running.broker().clientProperties());
        LiveView view = new LiveView(client, running.config().topics(), out, start, Duration.ofSeconds(2));
        daemon(view, "barcast-live-view");
        AtomicBoolean stopping = new AtomicBoolean();
        BarReplayer.Gate firstModels = new FirstModelGate(running.config().windowBars(), running.service()::predictedOrTrained,
                running.service().executor()::idle, Duration.ofSeconds(10), out);
        daemon(() -> replay(client, running.config(), bars, barsPerSecond, firstModels, stopping, out), "barcast-replay");
        return awaitStop(running, view, stopping, out);
    }

    /** The broker, the service on it, and the folder they keep their data in. */
    private record Running(EmbeddedKafka broker, BarcastService service, ServiceConfig config, Path dir, boolean tempDir) {
    }

    /** Every option and key checked before anything starts; returns the configuration as checked. */
    private ServiceConfig checkOptions() throws Exception {
        OptionChecks.check("--http-port", ServiceKeys.HTTP_PORT, httpPort);
        OptionChecks.atLeast("--port", brokerPort, 0);
        if (brokerPort > 65_535) {
            throw new ConfigError("--port", Integer.toString(brokerPort), "is out of range (0..65535)");
        }
        OptionChecks.atLeast("--max-seconds", maxSeconds, 0);
        ServiceConfig checked = ServiceConfig.of(config.properties(), serviceEnvironment("localhost:9092", Path.of("state")));
        StartChecks.httpPortFree(checked, httpPort != null ? "--http-port" : null);
        return checked;
    }

    /**
     * The {@code --csv} series, refused (exit 2) as {@code backtest} refuses them: two with one symbol (their bars
     * would share one window and one model), unreadable, or too short for the window.
     */
    private List<List<Bar>> readSeries(ServiceConfig cfg) throws IOException {
        List<CsvInputs.Source> sources = input.sources();
        Map<String, String> bySymbol = new HashMap<>();
        for (CsvInputs.Source s : sources) {
            String clash = bySymbol.putIfAbsent(s.symbol(), s.csv());
            if (clash != null) {
                throw new ConfigError(s.csv() + " and " + clash + " both give the symbol " + s.symbol()
                        + " (their bars would share one window and one model; give --symbol for each)");
            }
        }
        List<List<Bar>> series = new ArrayList<>();
        for (CsvInputs.Source s : sources) {
            List<Bar> bars;
            try {
                bars = input.read(s, cfg.model().features());
            } catch (CsvBarReader.CsvFormatException e) {
                throw new ConfigError(e.getMessage());
            }
            String tooShort = BacktestSeries.tooShort(s.csv(), bars.size(), cfg.windowBars(), "window.bars: --set window.bars=N");
            if (tooShort != null) {
                throw new ConfigError(tooShort);
            }
            series.add(bars);
        }
        return series;
    }

    /** The broker, then the service on it; a failed start leaves nothing behind (the broker stops, a temporary folder goes). */
    private Running startBrokerAndService(long start, PrintStream out) throws Exception {
        boolean tempDir = dataDir == null;
        Path dir = tempDir ? Files.createTempDirectory("barcast-local") : Files.createDirectories(dataDir);
        EmbeddedKafka broker = null;
        try {
            broker = EmbeddedKafka.start(EmbeddedKafka.Options.defaults()
                    .withDataDir(dir.resolve("kafka")).withPort(brokerPort).withNumPartitions(4));
            out.printf(Locale.ROOT, "Kafka broker (KRaft, in this JVM) at %s, data in %s (%.1f s)%n", broker.bootstrapServers(), dir,
                    (System.nanoTime() - start) / 1e9);
            ServiceConfig cfg = ServiceConfig.of(config.properties(), serviceEnvironment(broker.bootstrapServers(), dir.resolve("state")));
            BarcastService service = BarcastService.start(cfg, Trainer.lstm(cfg.trainingLstm()));
            return new Running(broker, service, cfg, dir, tempDir);
        } catch (Exception | Error e) {
            if (broker != null) {
                broker.close();
            }
            if (tempDir) {
                deleteQuietly(dir);
            }
            throw e;
        }
    }

    /** The live page first: the one address to open. */
    private static void printAddresses(PrintStream out, Running running, List<List<Bar>> series, int bars, double barsPerSecond) {
        int port = running.service().httpPort();
        out.printf(Locale.ROOT, "Live page:   http://localhost:%d/%n", port);
        out.printf(Locale.ROOT, "Metrics:     http://localhost:%d/metrics%n", port);
        out.printf(Locale.ROOT, "Predictions: http://localhost:%d/predictions/%s%n", port, series.get(0).get(0).symbol());
        out.printf(Locale.ROOT, "Replaying %d bars of %s at %s bars/s; window %d bars, retrain every %d bars. Ctrl-C stops.%n",
                bars, symbolsOf(series), barsPerSecond > 0 ? barsPerSecond : "max", running.config().windowBars(),
                running.config().retrainEveryBars());
    }

    /**
     * Sends the bars to the bars topic, held at each symbol's first model, a progress line every 500; a failure is
     * logged, unless the command is stopping.
     */
    private static void replay(Map<String, Object> client, ServiceConfig cfg, List<Bar> bars, double barsPerSecond,
                               BarReplayer.Gate firstModels, AtomicBoolean stopping, PrintStream out) {
        try {
            long sent = new BarReplayer(client, cfg.topics().bars()).replay(bars, barsPerSecond, (n, total, last) -> {
                if (n % 500 == 0 || n == total) {
                    out.printf(Locale.ROOT, "[feed ] %d/%d bars replayed (up to %s)%n", n, total, last.date());
                }
            }, stopping::get, firstModels);
            if (!stopping.get()) {
                out.printf(Locale.ROOT, "[feed ] replay finished: %d bars; the service keeps running (Ctrl-C stops)%n", sent);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!stopping.get()) {
                log.error("Replay failed: {}", e.toString());
            }
        }
    }

    /**
     * Runs until Ctrl-C, {@code --max-seconds}, or the service stopping after an error (then returns 1); every way
     * stops the view, the service and the broker, and deletes a temporary folder.
     */
    private int awaitStop(Running running, LiveView view, AtomicBoolean stopping, PrintStream out) throws InterruptedException {
        AtomicBoolean failed = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Runnable shutdown = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            out.println("Stopping ...");
            view.close();
            running.service().close();
            running.broker().close();
            if (running.tempDir()) {
                deleteQuietly(running.dir());
            }
            out.println("Stopped.");
            done.countDown();
        };
        Thread hook = new Thread(shutdown, "barcast-local-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        daemon(() -> {
            try {
                Throwable failure = running.service().awaitStop();
                if (failure != null && !stopping.get()) {
                    failed.set(true);
                    out.println("The service stopped after an error: " + failure);
                    shutdown.run();
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "barcast-local-watch");
        if (maxSeconds > 0) {
            if (!done.await(maxSeconds, TimeUnit.SECONDS)) {
                shutdown.run();
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        } else {
            done.await();
        }
        return failed.get() ? 1 : 0;
    }

    private static void daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    /** Only warnings and errors, so that the live view stays readable; the temporary state folder's warning not at all. */
    /** Only warnings and errors from the service, Kafka and the broker, until the returned action restores the levels. */
    static Runnable quietLogs() {
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context)) {
            return () -> { };
        }
        Map<String, ch.qos.logback.classic.Level> quiet = Map.of(org.slf4j.Logger.ROOT_LOGGER_NAME, ch.qos.logback.classic.Level.WARN,
                "io.barcast", ch.qos.logback.classic.Level.WARN,
                "org.apache.kafka.streams.KafkaStreams", ch.qos.logback.classic.Level.WARN,
                // the service's KafkaStreams subclass: logback.xml sets it to INFO, which "io.barcast" does not override
                "io.barcast.metrics.ExportedStreams", ch.qos.logback.classic.Level.WARN,
                "org.apache.kafka.streams.processor.internals.StateDirectory", ch.qos.logback.classic.Level.ERROR);
        Map<String, ch.qos.logback.classic.Level> before = new HashMap<>();
        quiet.forEach((name, level) -> {
            ch.qos.logback.classic.Logger logger = context.getLogger(name);
            before.put(name, logger.getLevel());
            logger.setLevel(level);
        });
        return () -> before.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    /** The environment the service reads, with what {@code local} sets: the broker, an application id, the state folder, --http-port. */
    private Map<String, String> serviceEnvironment(String bootstrap, Path stateDir) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("BARCAST_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.putIfAbsent("BARCAST_KAFKA_APPLICATION_ID", "barcast-local");
        env.putIfAbsent("BARCAST_KAFKA_STATE_DIR", stateDir.toString());
        if (httpPort != null) {
            env.put("BARCAST_HTTP_PORT", httpPort.toString());
        }
        return env;
    }

    private static String symbolsOf(List<List<Bar>> series) {
        return series.stream().map(s -> s.isEmpty() ? "?" : s.get(0).symbol()).toList().toString();
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // best effort
        }
    }
}
