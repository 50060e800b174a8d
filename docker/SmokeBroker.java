import io.barcast.broker.EmbeddedKafka;

import java.nio.file.Path;
import java.util.Map;

/**
 * The smoke test's broker (java -cp "target/barcast.jar:target/lib/*" docker/SmokeBroker.java PORT DATA_DIR): Barcast's
 * embedded KRaft broker on localhost:PORT with 4 partitions a topic; prints "ready" and runs until killed.
 */
public class SmokeBroker {
    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withPort(Integer.parseInt(args[0]))
                .withDataDir(Path.of(args[1])).withNumPartitions(4)
                .withBrokerProperties(Map.of("group.initial.rebalance.delay.ms", "0")));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.out.println("ready " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }
}
