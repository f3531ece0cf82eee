package dev.tally.systemtest.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Partitions as the brokers themselves answer: which ones, internal topics included, have no leader or
 * fewer in-sync replicas than replicas, and who leads one. The API's {@code GET /status} tells the
 * former of the two queue topics, but from a reading it keeps while Kafka does not answer: right after
 * brokers were killed and restarted, that reading can still show the ISR from before.
 */
final class ReplicaSync {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ReplicaSync() {
    }

    /** One line per partition out of sync, e.g. {@code tally-increments-2 leader 1 replicas [1, 2, 3] isr [1, 2]}. */
    static List<String> partitionsOutOfSync(Admin admin) throws Exception {
        var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        var topics = admin.describeTopics(names).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<String> outOfSync = new ArrayList<>();
        for (TopicDescription topic : topics.values()) {
            for (TopicPartitionInfo p : topic.partitions()) {
                if (p.leader() == null || p.isr().size() < p.replicas().size()) {
                    outOfSync.add(topic.name() + "-" + p.partition() + " leader " + (p.leader() == null ? "none" : p.leader().id())
                            + " replicas " + ids(p.replicas()) + " isr " + ids(p.isr()));
                }
            }
        }
        outOfSync.sort(null);
        return outOfSync;
    }

    /** The broker leading a partition, or -1 when it has none. */
    static int leaderOf(Admin admin, String topic, int partition) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        Node leader = description.partitions().stream().filter(p -> p.partition() == partition).findFirst()
                .orElseThrow(() -> new AssertionError(topic + " has no partition " + partition)).leader();
        return leader == null ? -1 : leader.id();
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }
}
