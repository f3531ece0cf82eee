package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.client.api.Reply;
import dev.tally.compose.kafka.KafkaCluster;
import dev.tally.compose.stack.Instance;
import dev.tally.systemtest.support.Ledger;
import dev.tally.systemtest.support.OnSharedStack;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The write quorum (min.insync.replicas) changed on a running stack, as {@code bin/tally quorum Q}
 * does: with a broker down, a quorum the remaining replicas meet accepts writes, a larger one refuses
 * them at once, and the broker's return makes the larger one accept them again.
 */
class QuorumIT extends OnSharedStack {

    @Test
    void aQuorumAboveTheInSyncReplicasRefusesWritesUntilTheMissingBrokerIsBack() throws Exception {
        Ledger ledger = new Ledger();
        String key = key("q");
        String probe = key("probe");
        Instance broker = KafkaCluster.broker(3);
        int replicas = stack.spec().replicationFactor();
        stack.stack().kill(broker);
        try {
            await("the ISRs shrank to the live brokers").atMost(Duration.ofSeconds(60)).until(() -> everyIsrHas(replicas - 1));
            assertThat(ledger.record(key, stack.client().increment(key)).status())
                    .as("quorum %d, %d in sync", stack.spec().minInsyncReplicas(), replicas - 1).isEqualTo(202);

            stack.stack().setWriteQuorum(replicas);
            // The API reads the new quorum with its next Kafka reading; a write racing it is refused by
            // Kafka itself, so the probe key is not among the counts checked.
            Reply refused = await("writes refused at once").atMost(Duration.ofSeconds(60))
                    .until(() -> stack.client().increment(probe), r -> "not_enough_replicas".equals(r.error()));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().path("details").path("min_insync_replicas").asInt()).isEqualTo(replicas);
            assertThat(refused.json().path("details").path("in_sync_replicas").asInt()).isEqualTo(replicas - 1);
        } finally {
            stack.stack().start(broker);
        }
        try {
            await("writes accepted again at quorum " + replicas).atMost(Duration.ofSeconds(60))
                    .until(() -> ledger.record(key, stack.client().increment(key)).status() == 202);
        } finally {
            stack.stack().setWriteQuorum(stack.spec().minInsyncReplicas());
        }
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(30));
    }

    private static boolean everyIsrHas(int size) {
        Reply status = stack.client().status();
        for (JsonNode queue : status.json().path("queues")) {
            if (!"main".equals(queue.path("queue").asText())) {
                continue;
            }
            for (JsonNode partition : queue.path("partitions")) {
                if (partition.path("isr").size() != size) {
                    return false;
                }
            }
            return queue.path("partitions").size() == stack.spec().partitions();
        }
        return false;
    }
}
