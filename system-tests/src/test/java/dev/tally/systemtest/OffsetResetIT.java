package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.client.api.IncrementOptions;
import dev.tally.client.api.ReadOptions;
import dev.tally.client.api.Reply;
import dev.tally.compose.stack.Instance;
import dev.tally.domain.Topics;
import dev.tally.systemtest.support.Ledger;
import dev.tally.systemtest.support.OnSharedStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The processors' group offsets lost (expired, reset by an operator): they read the increments topic
 * again from its start on top of the counts they already hold, and count nothing twice.
 */
class OffsetResetIT extends OnSharedStack {

    private static final int KEYS = 24;

    @Test
    void processorsRereadingTheWholeLogFromTheStartCountNothingTwice() throws Exception {
        Ledger ledger = new Ledger();
        for (int i = 0; i < KEYS * 3; i++) {
            String key = key("k" + (i % KEYS));
            assertThat(ledger.record(key, i % 5 + 1, stack.client().increment(key, IncrementOptions.by(i % 5 + 1)))
                    .status()).isEqualTo(202);
        }
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(30));

        List<Instance> processors = stack.processors();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.spec().bootstrapServers()))) {
            try {
                processors.forEach(stack.stack()::stop);
                // Streams does not leave its group on close: drop the members so that the group is empty and takes new offsets.
                boolean members = !admin.describeConsumerGroups(List.of(Topics.PROCESSOR_APPLICATION_ID)).all().get(30, TimeUnit.SECONDS)
                        .get(Topics.PROCESSOR_APPLICATION_ID).members().isEmpty();
                if (members) {
                    admin.removeMembersFromConsumerGroup(Topics.PROCESSOR_APPLICATION_ID, new RemoveMembersFromConsumerGroupOptions())
                            .all().get(30, TimeUnit.SECONDS);
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(Topics.PROCESSOR_APPLICATION_ID)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> earliest = earliest(admin, committed.keySet());
                assertThat(earliest.keySet()).as("the group's offsets on the increments topic")
                        .anyMatch(tp -> tp.topic().equals(Topics.INCREMENTS));
                assertThat(earliest.entrySet()).as("a reset that moves offsets back")
                        .anyMatch(e -> e.getValue().offset() < committed.get(e.getKey()).offset());
                admin.alterConsumerGroupOffsets(Topics.PROCESSOR_APPLICATION_ID, earliest).all().get(30, TimeUnit.SECONDS);
                System.out.printf("processors' offsets reset to the earliest on %d partitions (%d records to read again)%n",
                        earliest.size(), committed.entrySet().stream()
                                .mapToLong(e -> e.getValue().offset() - earliest.get(e.getKey()).offset()).sum());
            } finally {
                for (Instance processor : processors) {
                    stack.stack().start(processor);
                }
            }
        }

        // One more increment of each key, read through its token: its copy has then applied every earlier
        // record of the key's partition, the re-read ones included, so its value says what the replay counted.
        for (int i = 0; i < KEYS; i++) {
            String key = key("k" + i);
            Reply marker = ledger.record(key, stack.client().increment(key));
            assertThat(marker.status()).as("%s", marker.describe()).isEqualTo(202);
            Reply read = await(key + " read through its marker").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> stack.client().read(key, ReadOptions.after(marker.token())), r -> r.status() == 200);
            assertThat(read.value()).as("%s after the replay", key).isEqualTo(ledger.of(key));
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> earliest(Admin admin, java.util.Set<TopicPartition> partitions)
            throws Exception {
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.earliest())))
                .all().get(30, TimeUnit.SECONDS);
        return starts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
    }
}
