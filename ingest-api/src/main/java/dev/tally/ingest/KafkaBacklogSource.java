package dev.tally.ingest;

import dev.tally.common.Topics;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A queue's backlog read from the brokers: each partition's log-end offset minus the offset the
 * processors' consumer group has committed (or the log start, where it never committed). The
 * brokers see every API replica's writes, so replicas agree on the backlog within one poll.
 *
 * <p>It over-counts slightly, never under: transaction markers written by the exactly-once
 * processors occupy offsets too, and the group commits only every commit interval (100 ms).
 */
public final class KafkaBacklogSource implements BacklogSource {

    private static final long TIMEOUT_MS = 2_000;

    private final Admin admin;
    private List<TopicPartition> partitions;

    public KafkaBacklogSource(String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "tally-ingest-backlog",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS));
    }

    @Override
    public Map<IngestQueue, Map<Integer, Long>> read() throws Exception {
        List<TopicPartition> all = partitions();
        Map<TopicPartition, Long> ends = offsets(all, OffsetSpec.latest());
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(Topics.PROCESSOR_APPLICATION_ID)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        List<TopicPartition> neverCommitted = all.stream()
                .filter(tp -> committed.get(tp) == null).toList();
        Map<TopicPartition, Long> starts = neverCommitted.isEmpty() ? Map.of() : offsets(neverCommitted, OffsetSpec.earliest());

        Map<IngestQueue, Map<Integer, Long>> backlog = new EnumMap<>(IngestQueue.class);
        for (IngestQueue queue : IngestQueue.values()) {
            backlog.put(queue, new TreeMap<>());
        }
        for (TopicPartition tp : all) {
            OffsetAndMetadata done = committed.get(tp);
            long consumed = done != null ? done.offset() : starts.getOrDefault(tp, 0L);
            backlog.get(queueOf(tp.topic())).put(tp.partition(), Math.max(0, ends.getOrDefault(tp, 0L) - consumed));
        }
        return backlog;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> of, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = of.stream().collect(Collectors.toMap(Function.identity(), tp -> spec));
        Map<TopicPartition, Long> result = new HashMap<>();
        admin.listOffsets(request).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> result.put(tp, info.offset()));
        return result;
    }

    /** The partitions of both topics, asked once; a topic that does not exist yet is asked again next time. */
    private List<TopicPartition> partitions() throws Exception {
        if (partitions == null) {
            List<String> topics = List.of(IngestQueue.MAIN.topic(), IngestQueue.EXCESS.topic());
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            partitions = described.values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .toList();
        }
        return partitions;
    }

    private static IngestQueue queueOf(String topic) {
        return topic.equals(IngestQueue.EXCESS.topic()) ? IngestQueue.EXCESS : IngestQueue.MAIN;
    }

    @Override
    public void close() {
        admin.close();
    }
}
