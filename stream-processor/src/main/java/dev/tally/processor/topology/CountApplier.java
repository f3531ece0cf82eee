package dev.tally.processor.topology;

import dev.tally.domain.IncrementFormat;
import dev.tally.domain.ResetRecords;
import dev.tally.domain.Topics;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.processor.ProcessorMetrics;
import dev.tally.processor.history.IncrementHistory;
import dev.tally.processor.history.WindowSize;
import dev.tally.processor.store.CachedCounts;
import dev.tally.processor.store.CounterState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Folds each increment into the count of its key in the {@link Topics#COUNTS_STORE} store: those
 * sent straight to the increments topic and the hot-key sums merged there by {@link ExcessAggregator}.
 *
 * <p>A record that cannot be applied goes to the dead-letter topic ({@link DeadLetters}) and
 * processing continues with the next record. Such records are: a null or invalid key, a value that
 * {@link IncrementFormat#decode} refuses (missing, not a 64-bit integer, zero), and an overflow.
 *
 * <p><b>Overflow:</b> an increment whose sum with the current count would leave the signed 64-bit
 * range is <em>not applied</em>: the counter keeps its value and the record goes to the dead-letter
 * topic with the reason {@value #OVERFLOW}. A count never wraps around and never saturates silently
 * at {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE}; a later increment that fits is applied normally.
 *
 * <p><b>Idempotent increments:</b> a record with the header {@code tally.idempotency-key}
 * (IncrementHeaders.IDEMPOTENCY_KEY) is applied only if no earlier record with the same key was
 * applied to the same counter within IDEMPOTENCY_RETENTION_SEC; otherwise it is skipped (neither
 * applied nor dead-lettered) and reported to the {@link DuplicateReporter}. The {@link Deduplicator}
 * remembers the key in the same transaction as the count. A header that is not a valid key (empty,
 * longer than 200 characters, control characters) dead-letters the record: applying it without
 * the protection the client asked for could count a retry twice. A record refused for any reason
 * (including an overflow) is not remembered, so a retry of it is judged afresh. Merged hot-key sums
 * carry no such header; if one did, it would be honoured like any other.
 *
 * <p><b>Read-your-writes:</b> the count is stored with its {@link dev.tally.domain.wire.AppliedPosition}:
 * the offset of this key's last record processed, and for merged hot-key sums ({@link ExcessPosition}
 * header) how far the key's increments on each excess partition are included. Count and position
 * change in one store write, so every copy (standbys too, through the changelog) holds a matching pair.
 *
 * <p><b>Replays:</b> a record at or below the key's stored position on the increments topic was processed
 * already and is ignored, so re-reading the topic from an earlier offset (a reset or expired group
 * offset) counts nothing twice.
 *
 * <p><b>Late increments</b> are applied like any other and then reported to the {@link StaleReporter}:
 * the wait is measured from the record timestamp (when the ingest API accepted it) to now.
 *
 * <p><b>Resets</b> ({@link ResetRecords}) set the count to 0 in log order: what came before on the
 * key's increments partition is cleared, what comes after counts. A hot key's merged sums are judged
 * by where their increments sit on the excess topic, not by when the sum arrives here: one below
 * the reset's cut of its excess partition is dropped (its position still moves), since its increments
 * were appended before the reset's markers. An idempotent reset is remembered like an increment.
 *
 * <p><b>History</b> ({@link IncrementHistory}): every increment counted, and every merged sum a reset
 * cleared, is also added to its windows (WINDOWS) and to the top keys, by its record timestamp, in
 * the same transaction. An increment that would take one of its windows out of the 64-bit range is
 * refused as an {@value #OVERFLOW} like one that would take the count out of it.
 */
public final class CountApplier implements Processor<String, String, String, String> {

    public static final String OVERFLOW = "overflow";

    private final ProcessorMetrics metrics;
    private final StaleReporter stale;
    private final DuplicateReporter duplicates;
    private final Duration idempotencyRetention;
    private final List<WindowSize> windows;
    private ProcessorContext<String, String> context;
    private CachedCounts counts;
    private DeadLetters deadLetters;
    private Deduplicator deduplicator;
    private IncrementHistory history;

    /** @param metrics, {@code stale} and {@code duplicates} are shared by the appliers of all tasks of the instance */
    CountApplier(ProcessorMetrics metrics, StaleReporter stale, DuplicateReporter duplicates, Duration idempotencyRetention,
                 List<WindowSize> windows) {
        this.metrics = metrics;
        this.windows = windows;
        this.stale = stale;
        this.duplicates = duplicates;
        this.idempotencyRetention = idempotencyRetention;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        // A new map at every init: after an aborted transaction the store is restored and this runs again.
        this.counts = new CachedCounts(context.getStateStore(Topics.COUNTS_STORE));
        this.deadLetters = new DeadLetters(context, CounterTopology.DEAD_LETTER_SINK, metrics);
        this.deduplicator = new Deduplicator(context, idempotencyRetention);
        this.history = new IncrementHistory(context, windows);
    }

    @Override
    public void process(Record<String, String> record) {
        String key = record.key();
        long delta;
        Optional<String> idempotencyKey;
        Optional<ExcessPosition> merged;
        Optional<Map<Integer, Long>> resetCuts;
        try {
            merged = ExcessPosition.of(record.headers());
            resetCuts = ResetRecords.headerOf(record.headers(), record.value()).map(ResetRecords::decodeCuts);
            // A merged sum may net to zero; it still moves the counter's excess position forward.
            delta = resetCuts.isPresent() ? IncrementRules.validReset(key)
                    : IncrementRules.validDelta(key, record.value(), merged.isPresent());
            idempotencyKey = IdempotencyKeys.of(record.headers());
        } catch (IllegalArgumentException e) {
            deadLetters.send(record, ProcessorMetrics.DeadLetterReason.INVALID_RECORD, e.getMessage(), "");
            return;
        }
        long now = context.currentSystemTimeMs();
        CounterState state = Optional.ofNullable(counts.get(key)).orElse(CounterState.ZERO);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        if (offset >= 0 && offset <= state.applied().main()) {
            // Already processed: the key's records come in offset order, and its stored position is the
            // last one processed. Only a replay (the group's offsets reset or lost) brings one again.
            return;
        }
        // Every record of the key moves its position, applied or not (a skipped retry, an overflow):
        // a read waiting for that record's token must not wait for something that will never come.
        CounterState updated = merged.map(position -> state.withExcess(position.partition(), position.offset()))
                .orElse(state)
                .withCount(state.count(), offset);
        if (idempotencyKey.isPresent()) {
            Optional<IdempotentWrite> earlier = deduplicator.earlier(key, idempotencyKey.get(), now);
            if (earlier.isPresent()) {
                duplicates.skipped(delta, earlier.get(), now);
                counts.put(key, updated);
                return;
            }
        }
        if (resetCuts.isPresent()) {
            counts.put(key, updated.reset(offset, resetCuts.get()));
            idempotencyKey.ifPresent(idempotent -> deduplicator.rememberReset(key, idempotent, now));
            metrics.countReset();
            return;
        }
        if (!history.fits(key, record.timestamp(), delta)) {
            counts.put(key, updated);
            deadLetters.send(record, ProcessorMetrics.DeadLetterReason.OVERFLOW, OVERFLOW, " (a window of the key would leave the 64-bit range)");
            return;
        }
        long increments = ExcessAggregator.incrementsIn(record.headers());
        if (merged.isPresent() && state.clearedByReset(merged.get().partition(), merged.get().offset())) {
            counts.put(key, updated);
            history.record(key, record.timestamp(), delta, increments);
            metrics.countClearedByReset();
            return;
        }
        try {
            updated = updated.withCount(Math.addExact(state.count(), delta), offset);
        } catch (ArithmeticException e) {
            counts.put(key, updated);
            deadLetters.send(record, ProcessorMetrics.DeadLetterReason.OVERFLOW, OVERFLOW, " (the count is " + state.count() + ", the delta " + delta + ")");
            return;
        }
        counts.put(key, updated);
        history.record(key, record.timestamp(), delta, increments);
        idempotencyKey.ifPresent(idempotent -> deduplicator.remember(key, idempotent, delta, now));
        metrics.countApplied();
        stale.applied(key, now - record.timestamp(), now);
    }

    @Override
    public void close() {
        if (counts != null) {
            counts.clear();
        }
    }
}
