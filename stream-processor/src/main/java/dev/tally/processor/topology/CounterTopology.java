package dev.tally.processor.topology;

import dev.tally.domain.Topics;
import dev.tally.processor.ProcessorConfig;
import dev.tally.processor.ProcessorMetrics;
import dev.tally.processor.history.HistoryStores;
import dev.tally.processor.history.WindowSize;
import dev.tally.processor.store.CounterState;
import dev.tally.processor.store.IdempotencyEntry;
import dev.tally.processor.store.PendingSum;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Two sub-topologies:
 * <ol>
 *   <li>increments topic → {@link CountApplier} (with the counts store and the
 *       {@value Deduplicator#STORE} store, and the {@link HistoryStores}: windows, top keys) → dead-letter topic;</li>
 *   <li>excess topic → {@link ExcessAggregator} (with the {@value ExcessAggregator#STORE} store)
 *       → increments topic (merged sums), and → dead-letter topic.</li>
 * </ol>
 * They share no node, so Streams runs them as separate tasks: the excess partitions are not
 * co-partitioned with the increments partitions, and an idle excess topic costs only its flush timer.
 * The merged sums reach the applier through the increments topic, not a direct edge, because a
 * hot key's salts live on many excess partitions while its count lives on one increments partition.
 *
 * <p>The Processor API rather than the DSL: the applier must read-modify-write the count and decide
 * per record whether to apply it or dead-letter it, which a DSL {@code aggregate} cannot refuse.
 */
public final class CounterTopology {

    public static final String SOURCE = "increments";
    public static final String APPLIER = "apply-increments";
    public static final String DEAD_LETTER_SINK = "dead-letters";
    public static final String EXCESS_SOURCE = "excess";
    public static final String EXCESS_AGGREGATOR = "aggregate-excess";
    public static final String MERGED_SINK = "merged-increments";
    // Its own sink node: sharing DEAD_LETTER_SINK would join the two sub-topologies into one.
    public static final String EXCESS_DEAD_LETTER_SINK = "excess-dead-letters";

    private CounterTopology() {
    }

    /** @param metrics counted into by every task of the instance; read by {@code /internal/stats} */
    public static Topology build(ProcessorConfig config, ProcessorMetrics metrics) {
        Topology topology = new Topology();
        // One reporter per instance, so the STALE log lines are rate-limited per instance.
        StaleReporter stale = new StaleReporter(config.staleThresholdSec(), metrics);
        DuplicateReporter duplicates = new DuplicateReporter(metrics);
        Duration idempotencyRetention = Duration.ofSeconds(config.idempotencyRetentionSec());
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.String().deserializer(), Topics.INCREMENTS);
        topology.addProcessor(APPLIER, () -> new CountApplier(metrics, stale, duplicates, idempotencyRetention, config.windows()), SOURCE);
        topology.addStateStore(countsStore(), APPLIER);
        topology.addStateStore(idempotencyStore(), APPLIER);
        HistoryStores.addTo(topology, config.windows(), APPLIER);
        // Only rejected records are forwarded by the applier, so this sink sees nothing else.
        topology.addSink(DEAD_LETTER_SINK, Topics.DEAD_LETTERS,
                Serdes.String().serializer(), Serdes.String().serializer(), APPLIER);

        Duration flushInterval = Duration.ofMillis(config.excessFlushMs());
        topology.addSource(EXCESS_SOURCE, Serdes.String().deserializer(), Serdes.String().deserializer(), Topics.EXCESS);
        topology.addProcessor(EXCESS_AGGREGATOR, () -> new ExcessAggregator(metrics, flushInterval, WindowSize.grainMs(config.windows())), EXCESS_SOURCE);
        topology.addStateStore(excessStore(), EXCESS_AGGREGATOR);
        // Keyed by counter key with the default partitioner (murmur2), as the ingest API writes.
        topology.addSink(MERGED_SINK, Topics.INCREMENTS,
                Serdes.String().serializer(), Serdes.String().serializer(), EXCESS_AGGREGATOR);
        topology.addSink(EXCESS_DEAD_LETTER_SINK, Topics.DEAD_LETTERS,
                Serdes.String().serializer(), Serdes.String().serializer(), EXCESS_AGGREGATOR);
        return topology;
    }

    static StoreBuilder<KeyValueStore<String, CounterState>> countsStore() {
        return Stores.keyValueStoreBuilder(
                        // RocksDB on local disk: the counts outgrow the heap and survive a restart,
                        // so a restarted instance replays only the changelog tail.
                        Stores.persistentKeyValueStore(Topics.COUNTS_STORE),
                        Serdes.String(),
                        // The count with its applied position (read-your-writes), as one value.
                        CounterState.serde())
                // The changelog (tally-processor-counts-changelog, compacted) is the durable copy
                // of the store: restores after a lost disk and feeds the standby replicas.
                .withLoggingEnabled(Map.of())
                // No record cache: every applied increment reaches RocksDB and the changelog at the
                // next commit, and IQv1 reads go straight to RocksDB (the measured deadlock-free path).
                .withCachingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, IdempotencyEntry>> idempotencyStore() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(Deduplicator.STORE),
                        Serdes.String(),
                        IdempotencyEntry.serde())
                // Changelogged (tally-processor-idempotency-changelog, compacted; the purge writes
                // tombstones) and written in the count's transaction: a remembered key survives a
                // crash exactly when the increment it guards does. Standbys get a copy too.
                .withLoggingEnabled(Map.of())
                // Uncached like the counts: IQv1 reads (GET /internal/idempotency) go to RocksDB.
                .withCachingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, PendingSum>> excessStore() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ExcessAggregator.STORE),
                        Serdes.String(),
                        PendingSum.serde())
                // Changelogged (tally-processor-excess-pending-changelog): a sum not yet flushed
                // when the instance dies is restored on the survivor, not lost.
                .withLoggingEnabled(Map.of())
                // Cached, unlike the counts: a hot salted key is rewritten by every increment, and
                // the cache turns those into one RocksDB and changelog write per key per commit.
                // Nobody queries this store, and the cache is flushed before every commit (EOS).
                .withCachingEnabled();
    }
}
