import io.barcast.broker.EmbeddedKafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * What larger records cost the stream thread on the broker's side, apart from building them: per bar, the state
 * value into RocksDB (no WAL, as Kafka Streams writes it) and to its changelog, and two output records, through one
 * transactional producer committing every 100 bars (exactly-once's pattern, commit.interval.ms 100 at ~1,000 bars a
 * second), to an in-JVM broker. Two sizes take turns in one JVM, so that the difference is only the bytes:
 *
 *   java -cp 'JAR:LIB/*' src/bench/RecordBytesBench.java STATE_A RECORDS_A STATE_B RECORDS_B [ROUNDS]
 *
 * (bytes a bar, e.g. CycleBench's figures of two versions). Prints the sending thread's CPU µs a bar (the wall clock
 * would mostly time the commits' round trips) per round and size, then the medians.
 */
public class RecordBytesBench {

    private static final int BARS = 20_000;
    private static final int SYMBOLS = 50;
    private static final int COMMIT_EVERY = 100;

    public static void main(String[] args) throws Exception {
        int[] state = {Integer.parseInt(args[0]), Integer.parseInt(args[2])};
        int[] records = {Integer.parseInt(args[1]), Integer.parseInt(args[3])};
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        RocksDB.loadLibrary();
        Path dir = Files.createTempDirectory("barcast-bytes");
        try (EmbeddedKafka broker = EmbeddedKafka.start();
             Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, dir.toString());
             WriteOptions write = new WriteOptions().setDisableWAL(true)) {
            broker.createTopics(Map.of("state-changelog", 1, "outputs", 1));
            Map<String, Object> p = new HashMap<>(broker.clientProperties());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bytes-bench");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 100); // Kafka Streams' default for its producers
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.initTransactions();
                double[][] us = new double[2][rounds];
                for (int r = -2; r < rounds; r++) {
                    for (int v = 0; v < 2; v++) {
                        double perBar = run(db, write, producer, state[v], records[v], new Random(r * 2L + v));
                        if (r >= 0) {
                            us[v][r] = perBar;
                        }
                        System.out.printf("  round %d%s, state %,d + records %,d bytes: %.2f CPU µs a bar%n", r + 1 + 2,
                                r < 0 ? " (warm-up)" : "", state[v], records[v], perBar);
                    }
                }
                double a = median(us[0]);
                double b = median(us[1]);
                System.out.printf("median %.2f against %.2f CPU µs a bar: %+.2f µs for %+,d bytes a bar%n", a, b, b - a,
                        state[1] + records[1] - state[0] - records[0]);
            }
        }
    }

    private static double run(RocksDB db, WriteOptions write, KafkaProducer<byte[], byte[]> producer, int stateBytes,
                              int recordBytes, Random random) throws Exception {
        byte[][] keys = new byte[SYMBOLS][];
        for (int s = 0; s < SYMBOLS; s++) {
            keys[s] = String.format("S%03d", s).getBytes(StandardCharsets.UTF_8);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        byte[][] values = new byte[SYMBOLS][stateBytes]; // made before the clock starts: CycleBench times the encoding
        for (byte[] v : values) {
            random.nextBytes(v);
        }
        byte[] prediction = new byte[recordBytes / 2];
        byte[] outcome = new byte[recordBytes - recordBytes / 2];
        long start = mx.getCurrentThreadCpuTime();
        producer.beginTransaction();
        for (int i = 0; i < BARS; i++) {
            byte[] key = keys[i % SYMBOLS];
            byte[] value = values[i % SYMBOLS];
            db.put(write, key, value);
            producer.send(new ProducerRecord<>("state-changelog", key, value));
            producer.send(new ProducerRecord<>("outputs", key, prediction));
            producer.send(new ProducerRecord<>("outputs", key, outcome));
            if ((i + 1) % COMMIT_EVERY == 0) {
                producer.commitTransaction();
                producer.beginTransaction();
            }
        }
        producer.commitTransaction();
        return (mx.getCurrentThreadCpuTime() - start) / 1e3 / BARS;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
