package dev.tally.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PartitionsTest {

    @Test
    void agreesWithThePartitionKafkasProducerChoosesForAKeyedRecord() {
        for (int i = 0; i < 1_000; i++) {
            String key = "key-" + i;
            for (int partitions : new int[] {1, 3, 6, 7}) {
                int producers = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
                assertThat(Partitions.forKey(key, partitions)).as(key).isEqualTo(producers);
            }
        }
    }

    @Test
    void spreadsKeysOverAllPartitions() {
        int[] seen = new int[6];
        for (int i = 0; i < 600; i++) {
            seen[Partitions.forKey("k" + i, 6)]++;
        }
        assertThat(java.util.Arrays.stream(seen).min().orElseThrow()).isGreaterThan(60);
    }
}
