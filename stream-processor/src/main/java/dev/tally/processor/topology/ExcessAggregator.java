package dev.tally.processor.topology;

import dev.tally.domain.ExcessKeys;
import dev.tally.domain.IncrementFormat;
import dev.tally.domain.ResetRecords;
import dev.tally.domain.Topics;
import dev.tally.processor.ProcessorMetrics;
import dev.tally.processor.history.WindowSize;
import dev.tally.processor.store.PendingSum;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pre-aggregates hot keys: sums the increments of the {@link Topics#EXCESS} topic (salted keys
 * {@code counterKey#salt}) per counter key in the {@value #STORE} store and, every EXCESS_FLUSH_MS of
 * wall-clock time, forwards each sum as one ordinary increment of the counter key to the increments
 * topic, where {@link CountApplier} applies it like any other. A hot key thus costs the applier one
 * record per excess partition per flush instead of one per increment, and the salts spread the
 * summing over all excess partitions (and so over threads and instances).
 *
 * <p><b>Exactly once:</b> under exactly_once_v2 the store writes (changelogged), the forwarded sums,
 * the deletes of what was forwarded and the excess offsets commit in one transaction. A crash
 * before the commit rolls all of them back and the excess records are summed again; after it,
 * none are. Nothing is lost or counted twice.
 *
 * <p>A merged increment has the record timestamp of the oldest increment it sums (so STALE is
 * measured from acceptance) and the headers {@value #SOURCE_HEADER}={@value #FROM_EXCESS},
 * {@value #MERGED_HEADER}=<i>number of increments summed</i> and {@link ExcessPosition} (this
 * partition and the offset of the last increment summed, for read-your-writes tokens). A delta that
 * would overflow the pending sum forwards that sum first and starts a new one; a sum that nets to
 * zero is forwarded as 0, which moves the position and no count. With WINDOWS set, an increment in
 * other windows than the pending sum's forwards that sum first too, so each merged sum lies in one
 * window of every size and the applier windows it by its timestamp. Records that are not valid
 * increments under a salted key are dead-lettered like {@link CountApplier}'s.
 *
 * <p><b>Delay:</b> an increment on the excess path is visible in reads about EXCESS_FLUSH_MS +
 * COMMIT_INTERVAL_MS + a commit's round trips after it is appended (and that much later than one
 * sent straight to the increments topic): it waits for the next flush, then the flushed sum must
 * pass this task's commit before the increments sub-topology, reading with read_committed, sees it.
 * Measured on 2 shared cores: ~200 ms typically, p99 ~0.4 s on a warm stack, and 1.5-3 s at worst
 * under ReadYourWritesIT's load, when commits and fetches queue for CPU.
 */
public final class ExcessAggregator implements Processor<String, String, String, String> {

    public static final String STORE = "excess-pending";
    public static final String SOURCE_HEADER = "tally.source";
    public static final String FROM_EXCESS = "excess";
    public static final String MERGED_HEADER = "tally.merged";

    private final ProcessorMetrics metrics;
    private final Duration flushInterval;
    private final long windowGrainMs;
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, PendingSum> pending;
    private DeadLetters deadLetters;
    /**
     * False only when every sum this task put in the store has been forwarded and deleted, so a
     * flush can skip the store scan. Scanning is not free even when the store is empty: RocksDB
     * steps over the tombstones of earlier deletes, and a flush runs every EXCESS_FLUSH_MS on every
     * excess task whether hot keys exist or not (6-14 % of a processor's native CPU samples with no
     * hot key in use).
     */
    private boolean mayHoldSums;

    /** @param windowGrainMs {@link WindowSize#grainMs} of WINDOWS: no sum spans two such buckets; 0 without windows */
    public ExcessAggregator(ProcessorMetrics metrics, Duration flushInterval, long windowGrainMs) {
        this.metrics = metrics;
        this.flushInterval = flushInterval;
        this.windowGrainMs = windowGrainMs;
    }

    /** How many increments a record of the increments topic holds: a merged sum's {@value #MERGED_HEADER}, else 1. */
    static long incrementsIn(Headers headers) {
        Header merged = headers.lastHeader(MERGED_HEADER);
        if (merged == null) {
            return 1;
        }
        try {
            return Math.max(1, Long.parseLong(new String(merged.value(), StandardCharsets.UTF_8)));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.pending = context.getStateStore(STORE);
        this.deadLetters = new DeadLetters(context, CounterTopology.EXCESS_DEAD_LETTER_SINK, metrics);
        // The store may hold sums restored from its changelog (a crash before they were flushed).
        this.mayHoldSums = true;
        // Wall-clock, not stream time: a hot key that goes quiet must still be merged promptly.
        context.schedule(flushInterval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<String, String> record) {
        boolean resetMarker;
        try {
            resetMarker = ResetRecords.headerOf(record.headers(), record.value()).isPresent();
            if (resetMarker) {
                IncrementRules.validReset(record.key());
            }
        } catch (IllegalArgumentException e) {
            deadLetters.send(record, ProcessorMetrics.DeadLetterReason.INVALID_RECORD, e.getMessage(), "");
            return;
        }
        if (resetMarker) {
            mergeAtResetMarker(record.key());
            return;
        }
        String counterKey;
        long delta;
        try {
            counterKey = record.key() == null ? null : ExcessKeys.counterKeyOf(record.key());
            delta = IncrementRules.validDelta(counterKey, record.value());
        } catch (IllegalArgumentException e) {
            deadLetters.send(record, ProcessorMetrics.DeadLetterReason.INVALID_RECORD, e.getMessage(), "");
            return;
        }
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        mayHoldSums = true;
        // Keyed by counter key, not salted key: the salts of one key that land on this partition are
        // summed together, so one flush merges one record per key and partition, and a merged record
        // covers every earlier increment of its key here (what its ExcessPosition promises).
        PendingSum sum = pending.get(counterKey);
        if (sum == null) {
            pending.put(counterKey, PendingSum.first(delta, record.timestamp(), offset));
            return;
        }
        Optional<PendingSum> added = sameWindows(sum, record.timestamp()) ? sum.plus(delta, record.timestamp(), offset) : Optional.empty();
        if (added.isPresent()) {
            pending.put(counterKey, added.get());
        } else {
            // The sum so far is a valid increment on its own; the applier decides about the count.
            // (It would overflow, or the new increment falls in other windows.)
            forward(counterKey, sum);
            pending.put(counterKey, PendingSum.first(delta, record.timestamp(), offset));
        }
    }

    /**
     * Whether an increment accepted at {@code timestampMs} lies in the same windows of every size as the
     * sum's: the same bucket of the sizes' greatest common divisor. A sum is forwarded with its oldest
     * increment's timestamp and windowed by it, so it must not span two windows. Increments of a key
     * come roughly in acceptance order, so this splits a sum about once per bucket per key and partition.
     */
    private boolean sameWindows(PendingSum sum, long timestampMs) {
        return windowGrainMs == 0 || Math.floorDiv(sum.oldestTimestamp(), windowGrainMs) == Math.floorDiv(timestampMs, windowGrainMs);
    }

    /**
     * A reset's marker (key = the counter key itself): the key's sum so far holds only increments
     * before the marker, so it is merged now and the next sum starts after it. The applier can then
     * tell by a merged sum's position alone whether the reset cleared it. A marker whose reset never
     * applies (a retried reset with the same Idempotency-Key) only splits a sum in two.
     */
    private void mergeAtResetMarker(String counterKey) {
        PendingSum sum = pending.get(counterKey);
        if (sum != null) {
            forward(counterKey, sum);
            pending.delete(counterKey);
        }
    }

    /** Forwards every pending sum and deletes it; in the same transaction as the forwards. */
    private void flush() {
        if (!mayHoldSums) {
            return;
        }
        // Collected first so the store is not changed under an open iterator.
        List<KeyValue<String, PendingSum>> all = new ArrayList<>();
        try (KeyValueIterator<String, PendingSum> iterator = pending.all()) {
            iterator.forEachRemaining(all::add);
        }
        for (KeyValue<String, PendingSum> entry : all) {
            // A sum that nets to zero is forwarded too: it changes no count but carries the position
            // that read-your-writes tokens of its increments wait for.
            forward(entry.key, entry.value);
            pending.delete(entry.key);
        }
        mayHoldSums = false;
    }

    private void forward(String counterKey, PendingSum sum) {
        Headers headers = new RecordHeaders()
                .add(SOURCE_HEADER, FROM_EXCESS.getBytes(StandardCharsets.UTF_8))
                .add(MERGED_HEADER, Long.toString(sum.count()).getBytes(StandardCharsets.UTF_8));
        new ExcessPosition(context.taskId().partition(), sum.lastOffset())
                .addTo(headers);
        context.forward(new Record<>(counterKey, IncrementFormat.encode(sum.sum()), sum.oldestTimestamp(), headers),
                CounterTopology.MERGED_SINK);
        metrics.countMerged();
    }
}
