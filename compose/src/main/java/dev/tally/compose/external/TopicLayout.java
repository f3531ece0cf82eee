package dev.tally.compose.external;

import dev.tally.compose.kafka.TopicSetup;
import dev.tally.compose.stack.StackSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What tally needs of one data-path topic, or what an existing topic has: partitions, replication
 * factor, and the configs tally sets (min.insync.replicas, retention).
 *
 * @param configs only the configs tally sets on the topic, by name
 */
record TopicLayout(int partitions, int replicationFactor, Map<String, String> configs) {

    TopicLayout {
        configs = Map.copyOf(configs);
    }

    /** The layout {@code bin/tally up} creates a topic with (the same as on its own brokers, TopicSetup). */
    static TopicLayout wanted(String topic, StackSpec spec) {
        Map<String, String> configs = new TreeMap<>(TopicSetup.retention(topic));
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(spec.minInsyncReplicas()));
        return new TopicLayout(spec.partitions(), spec.replicationFactor(), configs);
    }

    /**
     * What an existing topic has that tally would not have made, in words, e.g. "replication factor 1
     * (tally makes 3)"; empty when it fits. The partition count is {@link #partitions()}'s business:
     * the caller refuses a topic whose count differs.
     */
    List<String> differencesFrom(TopicLayout wanted) {
        List<String> differences = new ArrayList<>();
        if (replicationFactor != wanted.replicationFactor) {
            differences.add("replication factor " + replicationFactor + " (tally makes " + wanted.replicationFactor + ")");
        }
        // In the settings' name order, so the same cluster always gets the same message.
        new java.util.TreeMap<>(wanted.configs).forEach((name, value) -> {
            String actual = configs.get(name);
            if (!value.equals(actual)) {
                differences.add(name + " " + actual + " (tally sets " + value + ")");
            }
        });
        return differences;
    }
}
