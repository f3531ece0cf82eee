package dev.tally.processor.store;

import dev.tally.domain.Partitions;
import dev.tally.domain.Topics;
import dev.tally.domain.wire.InstanceInfo;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalDump;
import dev.tally.domain.wire.LocalWindows;
import dev.tally.domain.wire.ProcessorHealth;
import dev.tally.domain.wire.RoutingSnapshot;
import dev.tally.processor.ProcessorConfig;
import dev.tally.processor.history.TopKeyPeriods;
import dev.tally.processor.history.WindowSize;
import dev.tally.processor.topology.Deduplicator;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.WindowParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Answers {@link LocalQueries} from the running {@link KafkaStreams} with interactive queries v1.
 *
 * <p>Never {@code KafkaStreams.query()} (IQv2): in kafka-streams 4.3.1 it can deadlock against the
 * stream thread's writes (KAFKA-19629). Reads use {@code enableStaleStores()} so a standby copy, or
 * an active one that is restoring, answers too; the answer says which role the copy has and, for a
 * count, how far it lags ({@link StoreLags}, refreshed at most every {@value StoreLags#MAX_AGE_MS} ms).
 */
public final class LocalStoreReader implements LocalQueries {

    private final KafkaStreams streams;
    private final String instance;
    private final IntSupplier partitionCount;
    private final StoreLags lags;
    private final LocalCopies copies;
    private final HistoryQueries history;

    /** Which copy of a key's partition this instance holds. */
    private record Copy(int partition, String role) {
    }

    public LocalStoreReader(KafkaStreams streams, ProcessorConfig config, IntSupplier partitionCount) {
        this.streams = streams;
        this.instance = config.instanceName();
        this.partitionCount = partitionCount;
        this.lags = StoreLags.of(streams);
        this.copies = new LocalCopies(streams::metadataForLocalThreads, System::currentTimeMillis);
        this.history = new HistoryQueries(config.windows());
    }

    @Override
    public ProcessorHealth health() {
        return new ProcessorHealth(instance, streams.state().name());
    }

    @Override
    public LocalCount lookup(String key) {
        Copy copy = copyOf(key);
        CounterState state = read(() -> this.<CounterState>store(Topics.COUNTS_STORE, copy.partition()).get(key));
        if (state == null) {
            state = CounterState.ZERO;
        }
        return new LocalCount(key, state.count(), copy.partition(), copy.role(), instance,
                lags.offsetLag(Topics.COUNTS_STORE, copy.partition()), state.applied());
    }

    /** The counts store's lag per partition copy held here, for {@code /internal/stats}, readiness and {@code /metrics}. */
    @Override
    public Map<Integer, Long> storeLags() {
        return lags.offsetLags(Topics.COUNTS_STORE);
    }

    @Override
    public IdempotencyLookup idempotentWrite(String counterKey, String idempotencyKey) {
        Copy copy = copyOf(counterKey);
        IdempotencyEntry entry = read(() -> this.<IdempotencyEntry>store(Deduplicator.STORE, copy.partition())
                .get(Deduplicator.storeKey(counterKey, idempotencyKey)));
        // Expired but not yet purged counts as not seen, as it does for the applier.
        return new IdempotencyLookup(entry != null && entry.liveAt(System.currentTimeMillis()) ? entry.write() : null, copy.role());
    }

    /**
     * The partition of a counter key and the role of this instance's copy of it; the counts and
     * the idempotency store of a partition belong to the same task, so they share both.
     */
    private Copy copyOf(String key) {
        KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing()) {
            throw storeUnavailable("the instance is " + state);
        }
        LocalCopies.Snapshot held;
        try {
            held = copies.current();
        } catch (IllegalStateException | InvalidStateStoreException e) {
            throw storeUnavailable(e.getMessage());
        }
        int partition = Partitions.forKey(key, partitionCount.getAsInt());
        if (held.active().contains(partition)) {
            return new Copy(partition, LocalCount.ACTIVE);
        }
        if (held.standby().contains(partition)) {
            return new Copy(partition, LocalCount.STANDBY);
        }
        throw notHosted(partition);
    }

    @Override
    public List<Integer> activePartitions() {
        return List.copyOf(localPartitions(ThreadMetadata::activeTasks));
    }

    @Override
    public LocalDump dump(Collection<Integer> partitions) {
        return dump(partitions, null, Integer.MAX_VALUE);
    }

    @Override
    public LocalDump dump(Collection<Integer> partitions, String after, int limit) {
        return readPartitions(partitions, partition -> readPage(partition, after, limit));
    }

    /** What {@code reading} finds in each partition asked for, from the copy held here (active or standby). */
    private LocalDump readPartitions(Collection<Integer> partitions, Function<Integer, Map<String, Long>> reading) {
        Set<Integer> hosted = localPartitions(ThreadMetadata::activeTasks);
        hosted.addAll(localPartitions(ThreadMetadata::standbyTasks));
        Map<Integer, Map<String, Long>> result = new TreeMap<>();
        for (int partition : new TreeSet<>(partitions)) {
            if (!hosted.contains(partition)) {
                // Only now ask how many partitions there are: to tell a wrong number from a moved one.
                int count = partitionCount.getAsInt();
                if (partition < 0 || partition >= count) {
                    throw ApiException.badRequest("invalid_partitions", "topic " + Topics.INCREMENTS
                            + " has partitions 0.." + (count - 1) + ", not " + partition);
                }
                throw notHosted(partition);
            }
            result.put(partition, reading.apply(partition));
        }
        return new LocalDump(instance, result);
    }

    @Override
    public LocalWindows windows(String key, WindowParams.Range range) {
        WindowSize size = history.size(range.size());
        Copy copy = copyOf(key);
        Map<Long, Long> stored = read(() -> {
            Map<Long, Long> values = new TreeMap<>();
            ReadOnlyWindowStore<String, Long> store = streams.store(StoreQueryParameters
                    .fromNameAndType(size.storeName(), QueryableStoreTypes.<String, Long>windowStore())
                    .withPartition(copy.partition()).enableStaleStores());
            try (WindowStoreIterator<Long> windows = store.fetch(key, Instant.ofEpochMilli(range.firstStart()),
                    Instant.ofEpochMilli(range.lastStart()))) {
                windows.forEachRemaining(window -> values.put(window.key, window.value));
            }
            return values;
        });
        return new LocalWindows(key, size.name(), size.sizeMs(), copy.partition(), copy.role(), instance,
                lags.offsetLag(Topics.COUNTS_STORE, copy.partition()), HistoryQueries.series(range, stored));
    }

    @Override
    public LocalDump top(Collection<Integer> partitions, String window, int n) {
        TopKeyPeriods.Period period = history.period(window);
        long now = System.currentTimeMillis();
        return readPartitions(partitions, partition -> read(() -> {
            List<Map.Entry<String, String>> stored = new ArrayList<>();
            try (KeyValueIterator<String, String> all = this.<String>store(TopKeyPeriods.STORE, partition).all()) {
                all.forEachRemaining(entry -> stored.add(Map.entry(entry.key, entry.value)));
            }
            return HistoryQueries.topOf(stored, period, now, n);
        }));
    }

    @Override
    public RoutingSnapshot routing() {
        Collection<StreamsMetadata> clients;
        try {
            clients = streams.metadataForAllStreamsClients();
        } catch (IllegalStateException | InvalidStateStoreException e) {
            throw ApiException.unavailable("metadata_unavailable", instance + " has no group metadata: " + e.getMessage());
        }
        List<InstanceInfo> instances = clients.stream()
                .map(client -> new InstanceInfo(client.host() + ":" + client.port(),
                        incrementPartitions(client.topicPartitions()),
                        incrementPartitions(client.standbyTopicPartitions())))
                .sorted(Comparator.comparing(InstanceInfo::endpoint))
                .toList();
        return new RoutingSnapshot(instance, streams.state().name(), partitionCount.getAsInt(), instances);
    }

    /** A range scan from {@code after}: memory for one page, whatever the partition holds. */
    private Map<String, Long> readPage(int partition, String after, int limit) {
        return read(() -> {
            Map<String, Long> counts = new TreeMap<>(dev.tally.domain.KeyOrder.CODE_POINTS);
            ReadOnlyKeyValueStore<String, CounterState> store = store(Topics.COUNTS_STORE, partition);
            try (KeyValueIterator<String, CounterState> page = after == null ? store.all() : store.range(after, null)) {
                while (page.hasNext() && counts.size() < limit) {
                    var entry = page.next();
                    if (!entry.key.equals(after)) {
                        counts.put(entry.key, entry.value.count());
                    }
                }
            }
            return counts;
        });
    }

    /** IQv1 on one partition's copy of a store, active or standby. */
    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters
                .fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition)
                .enableStaleStores());
    }

    /**
     * A store read; a store that cannot be read right now (rebalance, restoration) is a 503, so the
     * API tries another copy. That includes the NullPointerException Kafka Streams' store provider
     * throws ("Expected store not to be null at this point") for a task whose stores are still being
     * registered during a rebalance: seen under load, answered 500 before.
     */
    <T> T read(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (InvalidStateStoreException e) {
            throw storeUnavailable(e.getMessage());
        } catch (NullPointerException e) {
            if (thrownByStreamsStoreProvider(e)) {
                throw storeUnavailable("a store is being registered: " + e.getMessage());
            }
            throw e;
        }
    }

    private static boolean thrownByStreamsStoreProvider(NullPointerException e) {
        // The first frame outside the JDK (a null check may be Objects.requireNonNull's).
        for (StackTraceElement frame : e.getStackTrace()) {
            if (!frame.getClassName().startsWith("java.")) {
                return frame.getClassName().startsWith("org.apache.kafka.streams.state.internals.");
            }
        }
        return false;
    }

    private Set<Integer> localPartitions(Function<ThreadMetadata, Set<TaskMetadata>> tasks) {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : tasks.apply(thread)) {
                partitions.addAll(incrementPartitions(task.topicPartitions()));
            }
        }
        return partitions;
    }

    private static List<Integer> incrementPartitions(Set<TopicPartition> topicPartitions) {
        return topicPartitions.stream()
                .filter(tp -> tp.topic().equals(Topics.INCREMENTS))
                .map(TopicPartition::partition)
                .sorted()
                .toList();
    }

    private ApiException notHosted(int partition) {
        return new ApiException(409, "not_hosted",
                "partition " + partition + " is not hosted by " + instance + "; refresh the routing");
    }

    private ApiException storeUnavailable(String reason) {
        return ApiException.unavailable("store_unavailable",
                "the stores of " + instance + " cannot be read right now: " + reason);
    }
}
