package io.barcast.broker;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

import static io.barcast.broker.ListenerPorts.HOST;

/**
 * The server settings of the one KRaft node ({@code broker,controller}): the CLIENT, INTERNAL and CONTROLLER
 * listeners described in {@link EmbeddedKafka}, the data directory, and a footprint sized for tests on a small
 * machine: replication factor 1 and {@code min.isr} 1 for the internal topics (so transactions, exactly-once Kafka
 * Streams and {@code read_committed} consumers work), few partitions for {@code __consumer_offsets} and
 * {@code __transaction_state}, no initial rebalance delay, few threads and small buffers. The options' extra
 * broker properties are applied last.
 */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "CLIENT";
    static final String INTERNAL_LISTENER = "INTERNAL";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final EmbeddedKafka.Options options;
    private final Path dataDir;
    private final int clientPort;

    BrokerProperties(EmbeddedKafka.Options options, Path dataDir, int clientPort) {
        this.options = options;
        this.dataDir = dataDir;
        this.clientPort = clientPort;
    }

    /** The settings for a run whose CONTROLLER and INTERNAL listeners are on the given ports. */
    Properties build(int controllerPort, int internalPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort + ","
                + INTERNAL_LISTENER + "://" + HOST + ":" + internalPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort + ","
                + INTERNAL_LISTENER + "://" + HOST + ":" + internalPort);
        props.put("listener.security.protocol.map",
                CLIENT_LISTENER + ":" + (options.saslEnabled() ? "SASL_PLAINTEXT" : "PLAINTEXT") + ","
                        + INTERNAL_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", INTERNAL_LISTENER);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        if (options.saslEnabled()) {
            props.put("sasl.enabled.mechanisms", ScramUsers.MECHANISM);
            // The server side of SCRAM needs a login module, but no credentials: users live in the metadata log.
            props.put("listener.name." + CLIENT_LISTENER.toLowerCase(Locale.ROOT) + "."
                            + ScramUsers.MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        props.put("log.dirs", dataDir.toString());
        props.put("metadata.log.dir", dataDir.toString());

        // A single replica of everything, so transactions and exactly-once Streams work.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", Integer.toString(options.numPartitions()));
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");

        // A small footprint: few threads, small buffers and segments.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("num.replica.fetchers", "1");
        props.put("group.coordinator.threads", "1");
        props.put("share.coordinator.threads", "1");
        props.put("log.cleaner.threads", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        props.put("offsets.topic.segment.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("transaction.state.log.segment.bytes", Integer.toString(16 * 1024 * 1024));

        props.putAll(options.brokerProperties());
        return props;
    }
}
