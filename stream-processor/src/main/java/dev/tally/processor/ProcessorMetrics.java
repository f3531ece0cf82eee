package dev.tally.processor;

import dev.tally.domain.wire.ProcessorStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What this instance has done since it started, as counters of the process's registry: exported at
 * {@code GET /metrics} and read back for {@code GET /internal/stats}, so both show the same figures.
 * Shared by the processors of every stream thread (Micrometer's counters are thread-safe adders).
 *
 * <ul>
 *   <li>{@code tally_processor_applied_total}: increments (straight or merged) added to the counts store;</li>
 *   <li>{@code tally_processor_merged_total}: pending hot-key sums forwarded to the increments topic;</li>
 *   <li>{@code tally_processor_dead_letters_total{reason}}: records sent to the dead-letter topic, reason
 *       {@code invalid_record} or {@code overflow};</li>
 *   <li>{@code tally_processor_stale_total}: increments applied later than STALE_THRESHOLD_SEC after their 202;</li>
 *   <li>{@code tally_processor_duplicates_dropped_total}: increments skipped because their idempotency key had been applied.</li>
 * </ul>
 *
 * <p>The counters count work done, not committed work: after a crash or an aborted transaction
 * the records since the last commit are processed again and counted again (the counts store,
 * under exactly-once, is not). They are meant for watching an instance, not for reconciliation.
 */
public final class ProcessorMetrics {

    /** Why a record went to the dead-letter topic: the {@code reason} tag. */
    public enum DeadLetterReason {
        /** No key, a bad key or a value that is not a valid delta. */
        INVALID_RECORD,
        /** Applying it would overflow the counter. */
        OVERFLOW;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Counter applied;
    private final Counter merged;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Counter stale;
    private final Counter duplicates;
    private final Counter resets;
    private final Counter clearedByReset;

    public ProcessorMetrics(MeterRegistry registry) {
        applied = Counter.builder("tally.processor.applied").register(registry);
        merged = Counter.builder("tally.processor.merged").register(registry);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder("tally.processor.dead.letters").tag("reason", reason.tag()).register(registry));
        }
        stale = Counter.builder("tally.processor.stale").register(registry);
        duplicates = Counter.builder("tally.processor.duplicates.dropped").register(registry);
        resets = Counter.builder("tally.processor.resets").register(registry);
        clearedByReset = Counter.builder("tally.processor.cleared.by.reset").register(registry);
    }

    /** On a registry of its own, for tests of the topology. */
    public ProcessorMetrics() {
        this(new SimpleMeterRegistry());
    }

    /** An increment (straight or merged) was added to the counts store. */
    public void countApplied() {
        applied.increment();
    }

    /** A pending hot-key sum was forwarded to the increments topic. */
    public void countMerged() {
        merged.increment();
    }

    public void countDeadLetter(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
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
        return (long) resets.count();
    }

    public long clearedByReset() {
        return (long) clearedByReset.count();
    }

    public long applied() {
        return (long) applied.count();
    }

    public long merged() {
        return (long) merged.count();
    }

    public long deadLetters() {
        return (long) deadLetters.values().stream().mapToDouble(Counter::count).sum();
    }

    public long stale() {
        return (long) stale.count();
    }

    public long duplicates() {
        return (long) duplicates.count();
    }

    /** @param storeLag the counts store's lag per partition copy this instance holds */
    public ProcessorStats snapshot(String instance, int staleThresholdSec, Map<Integer, Long> storeLag) {
        return new ProcessorStats(instance, applied(), merged(), deadLetters(), stale(), duplicates(), staleThresholdSec, storeLag);
    }
}
