package dev.tally.processor.history;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/** The stores of {@link IncrementHistory}, attached to the applier beside the counts. */
public final class HistoryStores {

    private HistoryStores() {
    }

    public static void addTo(Topology topology, List<WindowSize> windows, String applier) {
        topology.addStateStore(topKeysStore(), applier);
        windows.forEach(size -> topology.addStateStore(windowStore(size), applier));
    }

    static StoreBuilder<KeyValueStore<String, String>> topKeysStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopKeyPeriods.STORE), Serdes.String(), Serdes.String())
                // Changelogged (tally-processor-top-keys-changelog): standbys hold the snapshots and a
                // new active resumes from them (TopKeysTracker).
                .withLoggingEnabled(Map.of())
                // Written once per second per changed bucket: a cache would save nothing.
                .withCachingDisabled();
    }

    static StoreBuilder<WindowStore<String, Long>> windowStore(WindowSize size) {
        return Stores.windowStoreBuilder(
                        // Segments expire by stream time: windows older than the retention are dropped whole.
                        Stores.persistentWindowStore(size.storeName(), Duration.ofMillis(size.retentionMs()),
                                Duration.ofMillis(size.sizeMs()), false),
                        Serdes.String(), Serdes.Long())
                // Changelogged (tally-processor-windows-<size>-changelog, compacted with the retention)
                // and written in the count's transaction: exactly once, like the counts.
                .withLoggingEnabled(Map.of())
                // Uncached like the counts: IQv1 reads go straight to RocksDB.
                .withCachingDisabled();
    }
}
