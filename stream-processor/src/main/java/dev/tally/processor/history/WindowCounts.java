package dev.tally.processor.history;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The sums of a task's increments per key in tumbling windows of each configured {@link WindowSize},
 * by acceptance time (the record timestamp the ingest API gives an increment; a merged hot-key sum
 * carries its oldest increment's, and never spans two windows, see ExcessAggregator). One windowed
 * store per size, changelogged and written in the count's exactly-once transaction, so a window is
 * exactly as right as the count across crashes, failovers and replays.
 */
public final class WindowCounts {

    private final List<WindowSize> sizes;
    private final List<WindowStore<String, Long>> stores = new ArrayList<>();

    public WindowCounts(ProcessorContext<?, ?> context, List<WindowSize> sizes) {
        this.sizes = sizes;
        for (WindowSize size : sizes) {
            stores.add(context.getStateStore(size.storeName()));
        }
    }

    /** Whether adding {@code delta} leaves every window of the key at that time within the signed 64-bit range. */
    public boolean fits(String key, long timestampMs, long delta) {
        for (int i = 0; i < sizes.size(); i++) {
            Long current = stores.get(i).fetch(key, sizes.get(i).startOf(timestampMs));
            long sum = current == null ? 0 : current;
            if (delta > 0 ? sum > Long.MAX_VALUE - delta : sum < Long.MIN_VALUE - delta) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds the delta to the key's window of each size holding {@code timestampMs}. A window older than
     * its size's retention (by the store's stream time) is not written: Streams drops the put.
     */
    public void add(String key, long timestampMs, long delta) {
        for (int i = 0; i < sizes.size(); i++) {
            long start = sizes.get(i).startOf(timestampMs);
            WindowStore<String, Long> store = stores.get(i);
            Long current = store.fetch(key, start);
            store.put(key, (current == null ? 0 : current) + delta, start);
        }
    }
}
