package dev.tally.processor.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The top keys' buckets in memory, their snapshots in the store, and a new active resuming from them. */
class TopKeysTrackerTest {

    private static final long S = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, a whole hour
    private static final long MINUTE = 60_000;

    private final TopKeyPeriods periods = new TopKeyPeriods(WindowSize.parse(List.of("1m"), List.of()));
    private final KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(TopKeyPeriods.STORE), Serdes.String(), Serdes.String()).withLoggingDisabled().build();

    TopKeysTrackerTest() {
        MockProcessorContext<String, String> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
    }

    @Test
    void theRecentPeriodAddsUpTheLastFiveMinutesAndTheCurrentOneAndForgetsOlderBuckets() {
        TopKeysTracker tracker = TopKeysTracker.restore(periods, store);
        tracker.add("old", S, 50);
        tracker.add("a", S + MINUTE, 3);
        tracker.add("b", S + 5 * MINUTE + 10, 2);
        tracker.add("a", S + 5 * MINUTE + 20, 1);
        tracker.snapshot(S + 5 * MINUTE + 30);

        assertThat(top("recent", S + 5 * MINUTE + 30)).containsExactly(Map.entry("old", 50L), Map.entry("a", 4L), Map.entry("b", 2L));
        // Per window: only the current minute.
        assertThat(top("1m", S + 5 * MINUTE + 30)).containsExactly(Map.entry("b", 2L), Map.entry("a", 1L));

        tracker.snapshot(S + 6 * MINUTE);
        assertThat(top("recent", S + 6 * MINUTE)).containsExactly(Map.entry("a", 4L), Map.entry("b", 2L));
        assertThat(stored()).noneMatch(key -> key.endsWith("@" + S));
        assertThat(top("1m", S + 6 * MINUTE)).isEmpty();
    }

    @Test
    void aTrackerRestoredFromTheSnapshotsGoesOnCountingWhereTheLastLeftOff() {
        TopKeysTracker before = TopKeysTracker.restore(periods, store);
        before.add("a", S, 5);
        before.add("b", S, 1);
        before.snapshot(S + 1_000);
        // Counted after the last snapshot: lost with the instance.
        before.add("b", S + 1_500, 100);

        TopKeysTracker after = TopKeysTracker.restore(periods, store);
        after.add("b", S + 2_000, 2);
        after.snapshot(S + 3_000);

        assertThat(top("recent", S + 3_000)).containsExactly(Map.entry("a", 5L), Map.entry("b", 3L));
    }

    @Test
    void anIncrementLateForABucketAlreadyDroppedIsDroppedAgainWithIt() {
        TopKeysTracker tracker = TopKeysTracker.restore(periods, store);
        tracker.add("late", S, 1);
        tracker.snapshot(S + 6 * MINUTE); // the bucket of S is read no more: dropped
        tracker.add("late", S, 1); // accepted at S, applied only now
        tracker.add("now", S + 6 * MINUTE, 2);
        tracker.snapshot(S + 6 * MINUTE + 1_000);

        assertThat(top("recent", S + 6 * MINUTE + 1_000)).containsExactly(Map.entry("now", 2L));
        assertThat(stored()).noneMatch(key -> key.endsWith("@" + S));
    }

    private List<Map.Entry<String, Long>> top(String window, long now) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(entry -> entries.add(Map.entry(entry.key, entry.value)));
        }
        return TopKeyPeriods.top(entries, periods.named(window.equals("recent") ? null : window).orElseThrow(), now, 10);
    }

    private List<String> stored() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }
}
