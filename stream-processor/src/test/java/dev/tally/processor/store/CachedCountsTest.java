package dev.tally.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.wire.AppliedPosition;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class CachedCountsTest {

    private final KeyValueStore<String, CounterState> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("counts"), Serdes.String(), CounterState.serde()).withLoggingDisabled().build();

    CachedCountsTest() {
        MockProcessorContext<String, String> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
    }

    @Test
    void everyWriteReachesTheStoreAndTheNextReadOfTheKeyIsAnsweredFromTheHeap() {
        CachedCounts counts = new CachedCounts(store, 10);
        counts.put("a", state(5));

        assertThat(store.get("a")).isEqualTo(state(5));
        // The store changed behind its back (which only a restore does, and then it is new):
        // the read that follows is the heap's.
        store.put("a", state(99));
        assertThat(counts.get("a")).isEqualTo(state(5));
    }

    @Test
    void aKeyNotInTheHeapIsReadFromTheStoreAndAnUnknownKeyIsNull() {
        store.put("stored", state(7));
        CachedCounts counts = new CachedCounts(store, 10);

        assertThat(counts.get("stored")).isEqualTo(state(7));
        assertThat(counts.get("never")).isNull();
    }

    @Test
    void pastItsBoundTheLeastRecentlyUsedKeyIsReadFromTheStoreAgain() {
        CachedCounts counts = new CachedCounts(store, 2);
        counts.put("old", state(1));
        counts.put("used", state(2));
        counts.get("used");
        counts.get("old");
        counts.put("new", state(3)); // "used" is now the least recently used
        store.put("used", state(20));
        store.put("old", state(10));

        assertThat(counts.get("used")).as("read from the store").isEqualTo(state(20));
        assertThat(counts.get("new")).isEqualTo(state(3));
    }

    @Test
    void clearedItReadsEveryKeyFromTheStore() {
        CachedCounts counts = new CachedCounts(store, 10);
        counts.put("a", state(5));
        store.put("a", state(6));
        counts.clear();

        assertThat(counts.get("a")).isEqualTo(state(6));
    }

    private static CounterState state(long count) {
        return new CounterState(count, new AppliedPosition(count, Map.of()));
    }
}
