package dev.tally.processor.history;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * What the applier records about when increments were accepted, beside the counts: their
 * {@link WindowCounts windows} (when WINDOWS is set) and the {@link TopKeysTracker busiest keys}.
 * Both are history: a reset sets the count to 0 and leaves them alone, so a window still says how
 * much was added during it, and a hot key's sum the reset cleared from the count still counts there.
 */
public final class IncrementHistory {

    private final WindowCounts windows;
    private final TopKeysTracker top;

    /** Call from the processor's {@code init}: it restores the top keys and schedules their snapshots. */
    public IncrementHistory(ProcessorContext<?, ?> context, List<WindowSize> sizes) {
        this.windows = new WindowCounts(context, sizes);
        this.top = TopKeysTracker.restore(new TopKeyPeriods(sizes), context.getStateStore(TopKeyPeriods.STORE));
        // Wall-clock: the buckets of a partition that goes quiet must still be written and expired.
        context.schedule(Duration.ofMillis(TopKeysTracker.SNAPSHOT_INTERVAL_MS), PunctuationType.WALL_CLOCK_TIME, top::snapshot);
    }

    /** Whether the increment fits every window it falls in; one that does not is refused as an overflow. */
    public boolean fits(String key, long timestampMs, long delta) {
        return windows.fits(key, timestampMs, delta);
    }

    /** An increment counted (or a hot key's sum a reset cleared): {@code increments} of them, summing to {@code delta}. */
    public void record(String key, long timestampMs, long delta, long increments) {
        windows.add(key, timestampMs, delta);
        top.add(key, timestampMs, increments);
    }
}
