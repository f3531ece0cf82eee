package dev.tally.processor;

import dev.tally.common.Topics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * increments topic → {@link CountApplier} (with the counts store) → dead-letter topic.
 *
 * <p>The Processor API rather than the DSL: the applier must read-modify-write the count and decide
 * per record whether to apply it or dead-letter it, which a DSL {@code aggregate} cannot refuse.
 */
public final class CounterTopology {

    public static final String SOURCE = "increments";
    public static final String APPLIER = "apply-increments";
    public static final String DEAD_LETTER_SINK = "dead-letters";

    private CounterTopology() {
    }

    public static Topology build() {
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.String().deserializer(), Topics.INCREMENTS);
        topology.addProcessor(APPLIER, CountApplier::new, SOURCE);
        topology.addStateStore(countsStore(), APPLIER);
        // Only rejected records are forwarded by the applier, so this sink sees nothing else.
        topology.addSink(DEAD_LETTER_SINK, Topics.DEAD_LETTERS,
                Serdes.String().serializer(), Serdes.String().serializer(), APPLIER);
        return topology;
    }

    static StoreBuilder<KeyValueStore<String, Long>> countsStore() {
        return Stores.keyValueStoreBuilder(
                        // RocksDB on local disk: the counts outgrow the heap and survive a restart,
                        // so a restarted instance replays only the changelog tail.
                        Stores.persistentKeyValueStore(Topics.COUNTS_STORE),
                        Serdes.String(),
                        Serdes.Long())
                // The changelog (tally-processor-counts-changelog, compacted) is the durable copy
                // of the store: restores after a lost disk and feeds the standby replicas.
                .withLoggingEnabled(Map.of())
                // No record cache: every applied increment reaches RocksDB and the changelog at the
                // next commit, and IQv1 reads go straight to RocksDB (the measured deadlock-free path).
                .withCachingDisabled();
    }
}
