package io.barcast.testing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The test kit's librdkafka partitioner: CRC-32 as librdkafka computes it, and keys it places unlike murmur2. */
class LibrdkafkaPartitionerTest {

    @Test
    void shouldPartitionByTheCrc32OfTheKey() {
        // 0xCBF43926 is CRC-32's check value, of "123456789"
        assertThat(LibrdkafkaPartitioner.partition("123456789".getBytes(StandardCharsets.US_ASCII), 1000))
                .isEqualTo((int) (0xCBF43926L % 1000));
    }

    @Test
    void shouldPlaceGooghElsewhereThanMurmur2() {
        // the case of the issue: librdkafka puts GOOGH on partition 2 of 4, Kafka Streams' lookup asks partition 3
        byte[] key = "GOOGH".getBytes(StandardCharsets.UTF_8);
        assertThat(LibrdkafkaPartitioner.partition(key, 4)).isEqualTo(2);
        assertThat(LibrdkafkaPartitioner.murmur2Partition(key, 4)).isEqualTo(3);
        assertThat(LibrdkafkaPartitioner.differs("GOOGH", 4)).isTrue();
    }

    @Test
    void shouldAgreeWithMurmur2OnSomeKeysAndNotOnOthers() {
        Set<Boolean> seen = new HashSet<>();
        for (String s : List.of("SYM0", "SYM1", "SYM2", "SYM3", "SYM4", "SYM5")) {
            seen.add(LibrdkafkaPartitioner.differs(s, 2));
        }
        assertThat(seen).containsExactlyInAnyOrder(true, false);
    }
}
