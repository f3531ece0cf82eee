package dev.tally.processor.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The busiest keys of one task's partition, per {@link TopKeyPeriods period} and bucket, counted on
 * the stream thread in memory and written to the {@value TopKeyPeriods#STORE} store every
 * {@link #SNAPSHOT_INTERVAL_MS} ms (only the buckets that changed), where the reads find them.
 *
 * <p><b>Why memory plus a changelogged snapshot</b>, not a store write per increment: one store
 * entry per key and bucket would cost a RocksDB and changelog write for every increment of a cold
 * key and a range scan over every key of the last minutes per {@code GET /top}; the bounded sketches
 * cost a hash-map update per increment and one write of at most 2,000 entries per changed bucket per
 * second. The snapshot is changelogged in the task's exactly-once transaction, so a standby holds it
 * and a failover or restart resumes from it ({@link #restore}): what is lost is what was counted after
 * the last snapshot and committed before the crash, at most about {@link #SNAPSHOT_INTERVAL_MS} ms of
 * the partition's increments, missing from the top for the few minutes its buckets are read. Reads
 * are up to that old too. Rebuilding from the increments log instead would mean re-reading minutes of
 * a partition on every task move.
 */
public final class TopKeysTracker {

    public static final long SNAPSHOT_INTERVAL_MS = 1_000;

    private final TopKeyPeriods periods;
    private final KeyValueStore<String, String> store;
    private final Map<String, TopKeysSketch> buckets = new HashMap<>();
    private final Set<String> changed = new HashSet<>();
    /** Per period, the bucket of the last increment. */
    private final Bucket[] current;

    private TopKeysTracker(TopKeyPeriods periods, KeyValueStore<String, String> store) {
        this.periods = periods;
        this.store = store;
        this.current = new Bucket[periods.all().size()];
    }

    /** The tracker of a task whose store was just restored (or is empty): it goes on from the last snapshot. */
    public static TopKeysTracker restore(TopKeyPeriods periods, KeyValueStore<String, String> store) {
        TopKeysTracker tracker = new TopKeysTracker(periods, store);
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(entry -> tracker.buckets.put(entry.key, TopKeysSketch.decode(entry.value)));
        }
        return tracker;
    }

    /** {@code increments} increments of {@code key} accepted at {@code timestampMs} (a merged sum counts each it holds). */
    public void add(String key, long timestampMs, long increments) {
        List<TopKeyPeriods.Period> all = periods.all();
        for (int i = 0; i < all.size(); i++) {
            TopKeyPeriods.Period period = all.get(i);
            long start = period.bucketOf(timestampMs);
            Bucket bucket = current[i];
            if (bucket == null || bucket.start != start) {
                // Nearly every increment falls in the bucket of the one before: only a new bucket pays
                // for its name and the map lookups.
                String name = period.storeKey(start);
                bucket = new Bucket(start, name, buckets.computeIfAbsent(name, b -> new TopKeysSketch()));
                current[i] = bucket;
            }
            bucket.sketch.add(key, increments);
            changed.add(bucket.name);
        }
    }

    private record Bucket(long start, String name, TopKeysSketch sketch) {
    }

    /** Writes the changed buckets and deletes those no read will add up any more; from a wall-clock punctuation. */
    public void snapshot(long nowMs) {
        List<String> expired = new ArrayList<>();
        for (String bucket : buckets.keySet()) {
            if (periods.all().stream().noneMatch(period -> period.startOf(bucket).map(start -> start >= period.oldestRead(nowMs)).orElse(false))) {
                expired.add(bucket);
            }
        }
        // A bucket no longer in the map must not be added to through the shortcut.
        Arrays.fill(current, null);
        for (String bucket : expired) {
            buckets.remove(bucket);
            changed.remove(bucket);
            store.delete(bucket);
        }
        for (String bucket : changed) {
            store.put(bucket, buckets.get(bucket).encode());
        }
        changed.clear();
    }
}
