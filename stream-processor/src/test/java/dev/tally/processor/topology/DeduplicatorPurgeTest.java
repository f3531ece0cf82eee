package dev.tally.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.processor.store.IdempotencyEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The purge of expired Idempotency-Keys walks the store a slice at a time, never all of it at once. */
class DeduplicatorPurgeTest {

    private static final Duration RETENTION = Duration.ofHours(1);
    private static final int SLICE = 4;
    private static final long T0 = 1_000_000L;

    private final KeyValueStore<String, IdempotencyEntry> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(Deduplicator.STORE), Serdes.String(), IdempotencyEntry.serde()).withLoggingDisabled().build();
    private final Deduplicator deduplicator;

    DeduplicatorPurgeTest() {
        MockProcessorContext<String, String> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        deduplicator = new Deduplicator(context, RETENTION, SLICE);
    }

    @Test
    void eachPurgeDeletesOnlyTheExpiredEntriesOfItsSliceAndTheRoundsWrapAround() {
        // Ten entries, keys in store order; the even ones were remembered long enough ago to have expired.
        for (int i = 0; i < 10; i++) {
            deduplicator.remember("counter-" + i, "key", 1, i % 2 == 0 ? T0 : T0 + RETENTION.toMillis());
        }
        long now = T0 + RETENTION.toMillis() + 1;

        deduplicator.purge(now); // entries 0-3
        assertThat(keys()).containsExactly("counter-1", "counter-3", "counter-4", "counter-5", "counter-6", "counter-7",
                "counter-8", "counter-9");
        deduplicator.purge(now + 1_000); // 4-7
        assertThat(keys()).containsExactly("counter-1", "counter-3", "counter-5", "counter-7", "counter-8", "counter-9");
        deduplicator.purge(now + 2_000); // 8-9, the end of the round
        assertThat(keys()).containsExactly("counter-1", "counter-3", "counter-5", "counter-7", "counter-9");
    }

    @Test
    void aNewRoundWaitsForTheCycleAfterTheLastOneBegan() {
        deduplicator.remember("a", "key", 1, T0);
        deduplicator.purge(T0 + 1); // a round over the one live entry
        deduplicator.remember("b", "key", 1, T0 - RETENTION.toMillis()); // already expired

        deduplicator.purge(T0 + Deduplicator.PURGE_CYCLE.toMillis() - 1);
        assertThat(keys()).containsExactly("a", "b");
        deduplicator.purge(T0 + Deduplicator.PURGE_CYCLE.toMillis() + 1);
        assertThat(keys()).containsExactly("a");
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, IdempotencyEntry> all = store.all()) {
            all.forEachRemaining((KeyValue<String, IdempotencyEntry> entry) -> keys.add(entry.key.substring(0, entry.key.indexOf('\u0000'))));
        }
        return keys;
    }
}
