package dev.tally.systemtest.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.client.api.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Whether a stack's partitions are led by their preferred broker and in sync, as the brokers
 * themselves answer and as each API replica's own reading of the cluster shows. The API judges
 * writes by that reading, which it keeps while Kafka does not answer: right after brokers were
 * killed and restarted, it can still show the ISR from before, so it alone is not enough to call a
 * stack settled.
 */
final class ReplicaSync implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final String bootstrapServers;
    private Admin admin;

    ReplicaSync(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** One line per partition out of sync, e.g. {@code tally-increments-2 leader 1 replicas [1, 2, 3] isr [1, 2]}. */
    List<String> partitionsOutOfSync() throws Exception {
        List<String> outOfSync = new ArrayList<>();
        for (TopicDescription topic : allTopics()) {
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

    /**
     * Partitions led by a broker other than their preferred one (the first replica), e.g. every
     * partition on the one broker left after two were killed; asks for a preferred-leader election when
     * there are any, as Kafka's own rebalance would only minutes later.
     */
    List<String> leadersMovedAndElectionAsked() throws Exception {
        List<String> moved = new ArrayList<>();
        for (TopicDescription topic : allTopics()) {
            for (TopicPartitionInfo p : topic.partitions()) {
                if (p.leader() != null && p.leader().id() != p.replicas().get(0).id()) {
                    moved.add(topic.name() + "-" + p.partition() + " led by " + p.leader().id() + ", preferred " + p.replicas().get(0).id());
                }
            }
        }
        if (!moved.isEmpty()) {
            try {
                admin().electLeaders(ElectionType.PREFERRED, null).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // All partitions at once: those already on their preferred leader answer ELECTION_NOT_NEEDED.
            }
        }
        moved.sort(null);
        return moved;
    }

    /** The broker leading a partition, or -1 when it has none. */
    int leaderOf(String topic, int partition) throws Exception {
        TopicDescription description = admin().describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        Node leader = description.partitions().stream().filter(p -> p.partition() == partition).findFirst()
                .orElseThrow(() -> new AssertionError(topic + " has no partition " + partition)).leader();
        return leader == null ? -1 : leader.id();
    }

    /** An API replica's {@code GET /status}: its last Kafka reading succeeded, is under a second old and shows every partition in sync. */
    static void assertApiSeesItInSync(Reply status, int replica) {
        assertThat(status.status()).as("GET /status of api-%d: %s", replica, status.describe()).isEqualTo(200);
        for (JsonNode queue : status.json().path("queues")) {
            assertThat(queue.hasNonNull("readingError")).as("api-%d's last Kafka reading failed: %s", replica, queue).isFalse();
            assertThat(queue.path("readingAgeMs").asLong(Long.MAX_VALUE)).as("age of api-%d's Kafka reading", replica)
                    .isLessThan(1_000);
        }
        for (JsonNode topic : status.json().path("topics")) {
            assertThat(topic.path("underReplicated").asInt()).as("under-replicated partitions of %s at api-%d", topic, replica)
                    .isZero();
        }
    }

    /** Every topic of the cluster, internal ones included, as the brokers describe it now. */
    private Collection<TopicDescription> allTopics() throws Exception {
        var names = admin().listTopics(new ListTopicsOptions().listInternal(true)).names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return admin().describeTopics(names).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    // A settle polls every 250 ms: an attempt that hangs on a broker still restarting gives up soon.
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
        }
        return admin;
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
