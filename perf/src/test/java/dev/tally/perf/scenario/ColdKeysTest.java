package dev.tally.perf.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.Partitions;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColdKeysTest {

    @Test
    void everyKeyIsOnTheChosenPartitionAndTheyAreDistinct() {
        int hot = Partitions.forKey("hot-abc", 6);
        List<String> keys = ColdKeys.onPartition("cold-abc", hot, 6, 200);
        assertThat(keys).hasSize(200).doesNotHaveDuplicates().allSatisfy(key -> {
            assertThat(Partitions.forKey(key, 6)).isEqualTo(hot);
            assertThat(key).startsWith("cold-abc-");
        });
    }

    @Test
    void theSamePrefixGivesTheSameKeys() {
        assertThat(ColdKeys.onPartition("p", 3, 6, 10)).isEqualTo(ColdKeys.onPartition("p", 3, 6, 10));
    }

    @Test
    void aPartitionOutsideTheTopicIsAnError() {
        assertThatThrownBy(() -> ColdKeys.onPartition("p", 6, 6, 1)).hasMessageContaining("not one of 0..5");
    }

    @Test
    void enoughKeysThatNoneComesNearTheExcessThreshold() {
        assertThat(ColdKeys.keysFor(10)).isEqualTo(ColdKeys.MIN_KEYS);
        assertThat(ColdKeys.keysFor(4_000)).isEqualTo(200);
        assertThat(ColdKeys.keysFor(4_001)).isEqualTo(201);
        // 50 is the API's default EXCESS_THRESHOLD: round robin gives each key at most ceil(total / keys).
        long total = 123_457;
        assertThat((total + ColdKeys.keysFor(total) - 1) / ColdKeys.keysFor(total)).isLessThanOrEqualTo(ColdKeys.INCREMENTS_PER_KEY);
    }
}
