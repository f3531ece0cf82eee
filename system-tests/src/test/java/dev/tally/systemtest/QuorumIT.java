package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.compose.kafka.KafkaCluster;
import dev.tally.compose.stack.StackSpec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Seed 001's write-quorum cases on 6 brokers with replication factor 6. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class QuorumIT extends RealStack {

    private static final StackSpec SPEC = new StackSpec(6, 6, 3, 6, 1, 0, 18004, 30090, 30190, 18600);
    private long accepted;

    @Override
    protected StackSpec spec() {
        return SPEC;
    }

    @Test
    @Order(1)
    void quorumThreeWithOneBrokerDownAcceptsWrites() throws Exception {
        stack.kill(KafkaCluster.broker(6));
        Thread.sleep(4_000); // the controller drops it from the ISR after broker.session.timeout.ms (3 s)
        TallyClient.Reply reply = client.increment("qtest");
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(202);
        accepted++;
    }

    @Test
    @Order(2)
    void quorumSixWithOneBrokerDownRefusesWrites() throws Exception {
        stack.setWriteQuorum(6);
        TallyClient.Reply reply = awaitIncrementStatus("qtest", 503, Duration.ofSeconds(10), () -> accepted++);
        // Refused either at once from the ISR reading, or by Kafka after the producer's retries when
        // the first write raced the reading (~250 ms): a 503 both ways, never a 202.
        assertThat(reply.error()).isIn("not_enough_replicas", "kafka_timeout");
        if (reply.error().equals("not_enough_replicas")) {
            assertThat(reply.body().get("details")).asString().contains("min_insync_replicas=6");
        }
    }

    @Test
    @Order(3)
    void theBrokerBackMakesQuorumSixAcceptWritesAgain() throws Exception {
        stack.start(KafkaCluster.broker(6));
        awaitIncrementStatus("qtest", 202, Duration.ofSeconds(60), () -> accepted++);
        awaitValue("qtest", accepted, Duration.ofSeconds(30));
    }

}
