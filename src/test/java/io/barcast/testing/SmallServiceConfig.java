package io.barcast.testing;

import io.barcast.service.ServiceConfig;
import io.barcast.stream.Topics;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/** The service configuration the broker tests share: small and fast, on topics of its own. */
public final class SmallServiceConfig {

    private SmallServiceConfig() {
    }

    /**
     * A tiny model (8 units, lookback 5, 5 epochs), a 40-bar window, no scheduled retrain after the first,
     * exactly_once_v2 with a 100 ms commit interval, a 6 s session timeout (a restarted member waits for the
     * old one to expire), the HTTP endpoints on an ephemeral loopback port, and topics named after the
     * application id. Callers override what their test needs.
     */
    public static Properties smallConfig(String bootstrap, String applicationId, Path stateDir, int partitions) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("application.id", applicationId);
        p.setProperty("processing.guarantee", "exactly_once_v2");
        p.setProperty("state.dir", stateDir.toString());
        p.setProperty("commit.interval.ms", "100");
        p.setProperty("session.timeout.ms", "6000");
        p.setProperty("topic.bars", applicationId + "-bars");
        p.setProperty("topic.predictions", applicationId + "-predictions");
        p.setProperty("topic.training.loss", applicationId + "-training-loss");
        p.setProperty("topic.prediction.outcomes", applicationId + "-outcomes");
        p.setProperty("topic.bars.rejected", applicationId + "-rejected");
        p.setProperty("topic.partitions", Integer.toString(partitions));
        p.setProperty("window.bars", "40");
        p.setProperty("retrain.every.bars", "1000");
        p.setProperty("training.poll.interval.ms", "50");
        p.setProperty("model.hidden.size", "8");
        p.setProperty("model.lookback", "5");
        p.setProperty("model.epochs", "5");
        p.setProperty("http.port", "0");
        p.setProperty("http.bind.address", "127.0.0.1");
        p.setProperty("metrics.kafka.refresh.seconds", "1");
        return p;
    }

    /** {@code name-} and 8 random hex digits: an application id (and topic prefix) no other test uses. */
    public static String uniqueId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The topics the service writes: predictions, training loss, outcomes and dead letters. */
    public static List<String> outputTopics(ServiceConfig config) {
        Topics t = config.topics();
        return List.of(t.predictions(), t.trainingLoss(), t.outcomes(), t.rejected());
    }

    /** Writes the configuration to {@code file} (for a child JVM's {@code --config}) and returns the file. */
    public static Path write(Properties config, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            config.store(w, "barcast test configuration");
        }
        return file;
    }
}
