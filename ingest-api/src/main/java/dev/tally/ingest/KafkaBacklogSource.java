package dev.tally.ingest;

import dev.tally.domain.Topics;
import dev.tally.domain.KafkaClientConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A queue's state read from the brokers: each partition's ISR, and its backlog: the log-end offset minus the offset the
 * processors' consumer group has committed (or the log start, where it never committed). The
 * brokers see every API replica's writes, so replicas agree on the backlog within one poll.
 *
 * <p>It over-counts slightly, never under: transaction markers written by the exactly-once
 * processors occupy offsets too, and the group commits only every commit interval (100 ms).
 */
public final class KafkaBacklogSource implements BacklogSource {

    private static final long TIMEOUT_MS = 2_000;
    /**
     * How long the topics' layout (leaders, replicas, ISR, write quorum) and the live brokers are reused
     * between readings. The backlogs are read at every poll; these three requests change rarely and were
     * half of an idle API's load on the brokers at one poll every 150 ms. An ISR that shrank is seen
     * within this long, so a write short of its quorum is refused at once from then on.
     */
    private static final long LAYOUT_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final List<String> TOPICS = List.of(IngestQueue.MAIN.topic(), IngestQueue.EXCESS.topic());

    private final Admin admin;
    private Layout layout;

    /** The slowly changing part of a reading, and when it was read. */
    private record Layout(Map<String, TopicDescription> topics, Map<String, Integer> minInsyncReplicas,
                          List<Integer> liveBrokers, long readAtNanos) {
    }

    /** @param registry where the admin client's own metrics are exported (Micrometer's {@code kafka_admin_client_*}) */
    public KafkaBacklogSource(String bootstrapServers, KafkaClientConfig kafkaClient, MeterRegistry registry) {
        AdminClient admin = AdminClient.create(kafkaClient.under(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "tally-ingest-backlog",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS)));
        new KafkaClientMetrics(admin).bindTo(registry);
        this.admin = admin;
    }

    @Override
    public Map<IngestQueue, Map<Integer, PartitionReading>> read() throws Exception {
        Layout current = layout();
        Map<String, TopicDescription> described = current.topics();
        Map<String, Integer> minIsr = current.minInsyncReplicas();
        List<TopicPartition> all = described.values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        Map<TopicPartition, Long> ends = offsets(all, OffsetSpec.latest());
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(Topics.PROCESSOR_APPLICATION_ID)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        List<TopicPartition> neverCommitted = all.stream().filter(tp -> committed.get(tp) == null).toList();
        Map<TopicPartition, Long> starts = neverCommitted.isEmpty() ? Map.of() : offsets(neverCommitted, OffsetSpec.earliest());

        Map<IngestQueue, Map<Integer, PartitionReading>> reading = new EnumMap<>(IngestQueue.class);
        for (IngestQueue queue : IngestQueue.values()) {
            Map<Integer, PartitionReading> partitions = new TreeMap<>();
            TopicDescription topic = described.get(queue.topic());
            for (TopicPartitionInfo info : topic == null ? List.<TopicPartitionInfo>of() : topic.partitions()) {
                TopicPartition tp = new TopicPartition(queue.topic(), info.partition());
                OffsetAndMetadata done = committed.get(tp);
                long consumed = done != null ? done.offset() : starts.getOrDefault(tp, 0L);
                long end = ends.getOrDefault(tp, -1L);
                long backlog = Math.max(0, end - consumed);
                partitions.put(info.partition(), new PartitionReading(backlog, info.leader() == null ? -1 : info.leader().id(),
                        ids(info.replicas()), ids(info.isr()), minIsr.getOrDefault(queue.topic(), 1), end));
            }
            reading.put(queue, partitions);
        }
        return reading;
    }

    /** One partition's end asked of its leader now, within {@code deadline}; empty when it did not answer in time. */
    @Override
    public OptionalLong logEnd(IngestQueue queue, int partition, Duration deadline) {
        TopicPartition tp = new TopicPartition(queue.topic(), partition);
        try {
            return OptionalLong.of(admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
                            new ListOffsetsOptions().timeoutMs((int) deadline.toMillis()))
                    .partitionResult(tp).get(deadline.toMillis(), TimeUnit.MILLISECONDS).offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } catch (ExecutionException | TimeoutException e) {
            // No partition, no leader, an offset not yet known after a leader change, or too slow: cannot tell.
            return OptionalLong.empty();
        }
    }

    @Override
    public List<Integer> liveBrokers() throws Exception {
        return layout().liveBrokers();
    }

    /** The layout, read again when it is older than {@link #LAYOUT_MAX_AGE_NANOS}; only the poller thread calls this. */
    private Layout layout() throws Exception {
        if (layout == null || System.nanoTime() - layout.readAtNanos() > LAYOUT_MAX_AGE_NANOS) {
            long now = System.nanoTime();
            Map<String, TopicDescription> topics = admin.describeTopics(TOPICS).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<Integer> brokers = admin.describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).stream()
                    .map(Node::id).sorted().toList();
            layout = new Layout(topics, minInsyncReplicas(), brokers, now);
        }
        return layout;
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    /** Read with the layout, so a changed write quorum (bin/tally quorum Q) applies within a second. */
    private Map<String, Integer> minInsyncReplicas() throws Exception {
        List<ConfigResource> resources = TOPICS.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<String, Integer> result = new HashMap<>();
        admin.describeConfigs(resources).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).forEach((resource, config) -> {
            ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            result.put(resource.name(), entry == null ? 1 : Integer.parseInt(entry.value()));
        });
        return result;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> of, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = of.stream().collect(Collectors.toMap(Function.identity(), tp -> spec));
        Map<TopicPartition, Long> result = new HashMap<>();
        admin.listOffsets(request).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> result.put(tp, info.offset()));
        return result;
    }

    @Override
    public void close() {
        admin.close();
    }
}
