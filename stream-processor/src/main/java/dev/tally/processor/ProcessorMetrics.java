package dev.tally.processor;

import dev.tally.domain.wire.ProcessorStats;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this instance has done since it started, for {@code GET /internal/stats}. One object per
 * instance, shared by the processors of every stream thread: LongAdder because many threads add
 * and the HTTP thread only reads now and then.
 *
 * <p>The counters count work done, not committed work: after a crash or an aborted transaction
 * the records since the last commit are processed again and counted again (the counts store,
 * under exactly-once, is not). They are meant for watching an instance, not for reconciliation.
 */
public final class ProcessorMetrics {

    private final LongAdder applied = new LongAdder();
    private final LongAdder merged = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder clearedByReset = new LongAdder();

    /** An increment (straight or merged) was added to the counts store. */
    public void countApplied() {
        applied.increment();
    }

    /** A pending hot-key sum was forwarded to the increments topic. */
    public void countMerged() {
        merged.increment();
    }

    public void countDeadLetter() {
        deadLetters.increment();
    }

    public void countStale() {
        stale.increment();
    }

    /** An increment was skipped: its idempotency key had already been applied to its counter. */
    public void countDuplicate() {
        duplicates.increment();
    }

    /** A reset set a counter to 0. */
    public void countReset() {
        resets.increment();
    }

    /** A merged hot-key sum was dropped: its increments came before a reset of their counter. */
    public void countClearedByReset() {
        clearedByReset.increment();
    }

    public long resets() {
        return resets.sum();
    }

    public long clearedByReset() {
        return clearedByReset.sum();
    }

    public long applied() {
        return applied.sum();
    }

    public long merged() {
        return merged.sum();
    }

    public long deadLetters() {
        return deadLetters.sum();
    }

    public long stale() {
        return stale.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    /** @param storeLag the counts store's lag per partition copy this instance holds */
    public ProcessorStats snapshot(String instance, int staleThresholdSec, Map<Integer, Long> storeLag) {
        return new ProcessorStats(instance, applied(), merged(), deadLetters(), stale(), duplicates(), staleThresholdSec, storeLag);
    }
}
