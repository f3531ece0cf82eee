package dev.tally.compose.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.compose.stack.StackException;
import dev.tally.compose.stack.StackSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalTopicsTest {

    private final TopicLayout wanted = TopicLayout.wanted("tally-increments", StackSpec.DEFAULT);

    @Test
    void tallyMakesTheIncrementsTopicAsOnItsOwnBrokers() {
        assertThat(wanted).isEqualTo(new TopicLayout(6, 3, Map.of(
                "min.insync.replicas", "2", "retention.ms", "-1", "retention.bytes", "-1")));
    }

    @Test
    void aTopicAsTallyWouldMakeItIsKeptQuietly() {
        TopicLayout existing = new TopicLayout(6, 3, Map.of("min.insync.replicas", "2", "retention.ms", "-1",
                "retention.bytes", "-1", "cleanup.policy", "delete"));

        assertThat(ExternalTopics.compare("tally-increments", wanted, existing)).isEqualTo("kept tally-increments (as tally would make it)");
    }

    @Test
    void everyDifferenceIsSaidAndTheTopicIsLeftAlone() {
        TopicLayout existing = new TopicLayout(6, 1, Map.of("min.insync.replicas", "1", "retention.ms", "604800000",
                "retention.bytes", "-1"));

        assertThat(ExternalTopics.compare("tally-increments", wanted, existing)).isEqualTo("kept tally-increments, which differs:"
                + " replication factor 1 (tally makes 3), min.insync.replicas 1 (tally sets 2), retention.ms 604800000 (tally sets -1);"
                + " tally does not change another cluster's topics (kafka-configs.sh --alter does)");
    }

    @Test
    void anotherPartitionCountStopsTheLaunchAndSaysWhichFlagFits() {
        TopicLayout existing = new TopicLayout(12, 3, wanted.configs());

        assertThatThrownBy(() -> ExternalTopics.compare("tally-increments", wanted, existing))
                .isInstanceOf(StackException.class)
                .hasMessage("tally-increments exists with 12 partitions, not 6; pass --partitions 12 to use it as it is");
    }
}
