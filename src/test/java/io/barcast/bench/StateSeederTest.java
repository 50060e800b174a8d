package io.barcast.bench;

import io.barcast.bar.Bar;
import io.barcast.testing.ModelConfigs;
import io.barcast.testing.SyntheticBars;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StateSeederTest {

    /**
     * Regression: window chunks were sent without a partition, so the producer hashed their keys
     * (symbol, NUL, chunk number) and spread one symbol's chunks over the partitions; restored into
     * other tasks, about 1% of the symbols started with an empty window.
     */
    @Test
    void shouldSendEveryRecordOfASymbolToThePartitionOfItsBars() throws Exception {
        Map<String, List<Bar>> windows = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            String symbol = "S" + i;
            windows.put(symbol, SyntheticBars.autoregressive(symbol, 120, 0.3, 0.01, i));
        }
        StateSeeder seeder = new StateSeeder(Map.of(), "app", 4);
        io.barcast.model.ModelConfig cfg = ModelConfigs.config("model.hidden.size=8", "model.lookback=5", "model.epochs=1");
        byte[] snapshot = io.barcast.model.ModelSnapshot.toBytes(
                new io.barcast.model.ModelTrainer().train("S0", windows.get("S0"), cfg, 1).trainedModel());
        List<ProducerRecord<String, byte[]>> records = seeder.records(windows, 100, snapshot);

        // where the default partitioning puts a bar keyed by the symbol: murmur2 of the key bytes
        Map<String, Integer> barPartition = new LinkedHashMap<>();
        for (String symbol : windows.keySet()) {
            byte[] key = symbol.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            barPartition.put(symbol, org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key)) % 4);
        }
        assertThat(barPartition.values()).containsAll(List.of(0, 1, 2, 3));

        assertThat(records).hasSize(200 * (4 + 2)); // 100 bars of 120 (20..119) lie in chunks 0..3
        for (ProducerRecord<String, byte[]> r : records) {
            String symbol = r.key().contains("\u0000") ? r.key().substring(0, r.key().indexOf('\u0000')) : r.key();
            assertThat(r.partition()).as(r.topic() + " " + symbol).isEqualTo(barPartition.get(symbol));
        }
    }
}
