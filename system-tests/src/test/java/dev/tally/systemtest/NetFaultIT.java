package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.client.api.Reply;
import dev.tally.compose.stack.Instance;
import dev.tally.systemtest.support.Ledger;
import dev.tally.systemtest.support.OnSharedStack;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Network partitions at the fault proxies (what {@code bin/tally net partition} does) instead of
 * kills: the process keeps running, cut off, and comes back when healed. Nothing acknowledged is lost
 * or counted twice, and writes go on while a broker or a processor is cut off.
 */
class NetFaultIT extends OnSharedStack {

    @Test
    void aPartitionedProcessorsCountersAreServedByTheOtherAndNothingIsCountedTwiceWhenItComesBack() throws Exception {
        String key = key("counter");
        Ledger ledger = new Ledger();
        for (int i = 0; i < 20; i++) {
            assertThat(ledger.record(key, stack.client().increment(key)).status()).isEqualTo(202);
        }
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(30));
        Instance cutOff = stack.activeProcessorOf(key);
        try {
            assertThat(stack.net().partition(cutOff.name())).contains("partitioned " + cutOff.name());
            // Writes go to Kafka, not to a processor: they are accepted all along.
            for (int i = 0; i < 20; i++) {
                assertThat(ledger.record(key, stack.client().increment(key)).status()).isEqualTo(202);
            }
            // Its group session ends, the other processor takes its partitions over and answers for them.
            await("the other processor serves " + key).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Reply read = stack.client().read(key);
                        assertThat(read.status()).as(read.describe()).isEqualTo(200);
                        assertThat(read.field("instance")).isNotEqualTo(cutOff.name());
                        assertThat(read.value()).isEqualTo(ledger.of(key));
                    });
        } finally {
            stack.net().heal();
        }
        // Back, its transactions from before the cut are fenced; it rejoins and takes partitions again.
        stack.awaitSettled();
        for (int i = 0; i < 10; i++) {
            assertThat(ledger.record(key, stack.client().increment(key)).status()).isEqualTo(202);
        }
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(30));
    }

    @Test
    void writesGoOnWhileTheLeaderBrokerIsCutOffAndItRejoinsWhenHealed() throws Exception {
        String key = key("counter");
        Ledger ledger = new Ledger();
        writeToEveryPartitionThroughEveryApiReplica(ledger);
        Reply first = ledger.record(key, stack.client().increment(key));
        assertThat(first.status()).isEqualTo(202);
        String leader = "broker-" + first.field("leader");
        try {
            assertThat(stack.net().partition(leader)).contains("partitioned " + leader);
            // It misses its heartbeats, the controllers fence it and the key's partition gets another leader:
            // the writes wait for that (well within the API's produce timeout) and are all accepted. The API's
            // readings of the cluster fail while they wait on the cut-off broker, so a 202 may not know the
            // new leader; it never names the old one.
            for (int i = 0; i < 20; i++) {
                Reply reply = ledger.record(key, stack.client().increment(key));
                assertThat(reply.status()).as(reply.describe()).isEqualTo(202);
                assertThat("broker-" + reply.field("leader")).as(reply.describe()).isNotEqualTo(leader);
            }
            // The brokers say so too. The test's own admin client may first wait on the cut-off broker.
            await("the key's partition led by another broker, as the brokers answer").atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> "broker-" + stack.leaderOf(first.field("topic"), Integer.parseInt(first.field("partition"))),
                            current -> !current.equals(leader));
        } finally {
            assertThat(stack.net().heal()).isEqualTo("none\n");
        }
        // Healed, it catches up and is back in every ISR (awaitSettled waits for no under-replicated partition).
        stack.awaitSettled();
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(30));
    }

    /**
     * Each API replica's producer connects to a broker when it first writes to a partition that broker
     * leads. In steady operation it has written to them all; a producer connected to the cut-off broker
     * alone has nobody to ask for the new leaders but its bootstrap addresses, among them the cut-off
     * one, and in this test's runs that took longer than the 15 s produce timeout (503). So the test
     * starts from steady operation: one write to every partition through every replica.
     */
    private void writeToEveryPartitionThroughEveryApiReplica(Ledger ledger) {
        List<String> warmKeys = IntStream.range(0, stack.spec().partitions())
                .mapToObj(partition -> keyOnPartition("warm-", partition)).toList();
        for (int replica = 1; replica <= stack.spec().apiReplicas(); replica++) {
            for (String warm : warmKeys) {
                Reply reply = ledger.record(warm, stack.replica(replica).increment(warm));
                assertThat(reply.status()).as(reply.describe()).isEqualTo(202);
            }
        }
    }
}
