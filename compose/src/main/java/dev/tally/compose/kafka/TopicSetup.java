package dev.tally.compose.kafka;

import dev.tally.compose.stack.StackSpec;
import dev.tally.domain.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/** Creates the data-path topics with the stack's layout, or checks that existing ones still fit it. */
public final class TopicSetup {

    private TopicSetup() {
    }

    /** @return one line per topic saying what was done */
    public static List<String> ensure(Admin admin, StackSpec spec) throws ExecutionException, InterruptedException {
        List<String> report = new ArrayList<>();
        Set<String> existing = admin.listTopics().names().get();
        for (String topic : List.of(Topics.INCREMENTS, Topics.EXCESS, Topics.DEAD_LETTERS)) {
            if (existing.contains(topic)) {
                report.add(check(admin, topic, spec));
            } else {
                Map<String, String> configs = new java.util.HashMap<>(retention(topic));
                configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(spec.minInsyncReplicas()));
                NewTopic newTopic = new NewTopic(topic, spec.partitions(), (short) spec.replicationFactor()).configs(configs);
                admin.createTopics(List.of(newTopic)).all().get();
                report.add("created " + describe(topic, spec.partitions(), spec.replicationFactor(), spec.minInsyncReplicas()));
            }
        }
        return report;
    }

    private static String check(Admin admin, String topic, StackSpec spec) throws ExecutionException, InterruptedException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        int partitions = description.partitions().size();
        if (partitions != spec.partitions()) {
            // Changing the partition count would move keys between partitions and split their counts.
            throw new IllegalStateException(topic + " exists with " + partitions + " partitions, not "
                    + spec.partitions() + "; keep --partitions " + partitions + " or start afresh with `bin/tally down --purge`");
        }
        int replicas = description.partitions().get(0).replicas().size();
        // The write quorum is the one setting that may change between runs (bin/tally quorum Q changes it on a running stack).
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        List<AlterConfigOp> ops = new ArrayList<>(List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(spec.minInsyncReplicas())),
                AlterConfigOp.OpType.SET)));
        // A stack made before retention was set keeps Kafka's 7 days otherwise.
        retention(topic).forEach((name, value) -> ops.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
        return "kept " + describe(topic, partitions, replicas, spec.minInsyncReplicas());
    }

    /**
     * How long a topic keeps its records. The increments and excess topics keep them until deleted by
     * hand (no time or size limit): an increment answered 202 must still be there when a processor
     * comes back after however long an outage, and a record is needed only until the processors'
     * group has committed past it. Reclaim the space of applied records with
     * {@code bin/kafka-delete-records.sh} up to the group's committed offsets (docs/operations.md). Dead
     * letters are kept 30 days, time to inspect them.
     */
    public static Map<String, String> retention(String topic) {
        return topic.equals(Topics.DEAD_LETTERS)
                ? Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(java.time.Duration.ofDays(30).toMillis()))
                : Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1");
    }

    private static String describe(String topic, int partitions, int replicas, int minIsr) {
        return topic + " (" + partitions + " partitions, replication factor " + replicas + ", min.insync.replicas " + minIsr + ")";
    }
}
