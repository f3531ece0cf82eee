package dev.tally.processor.topology;

import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.processor.store.IdempotencyEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers, per counter, the Idempotency-Keys of the increments {@link CountApplier} applied, in the
 * {@value #STORE} store of the applier's task, so that a retried increment is applied once.
 *
 * <p><b>Where the dedup lives:</b> the store is persistent (RocksDB) and changelogged
 * ({@code tally-processor-idempotency-changelog}), and the applier updates it in the same
 * exactly_once_v2 transaction as the count. A key is therefore remembered exactly when its increment
 * is counted: across crashes, restarts, rebalances and any number of API replicas.
 *
 * <p><b>Scope:</b> a store key is {@code counterKey + NUL + idempotencyKey}. Two counters may use
 * the same client key; a counter key never contains NUL (a control character, see CounterKeys), so
 * the split is unambiguous. Both live on the partition of the counter key, like its count.
 *
 * <p><b>Retention:</b> an entry expires IDEMPOTENCY_RETENTION_SEC after its increment was applied
 * (stream thread's wall clock). An expired entry is ignored at once; it is deleted by a wall-clock
 * punctuation that walks the task's store in slices: every {@link #PURGE_INTERVAL} it looks at the
 * next {@link #PURGE_BATCH} entries from where the last slice stopped, and once it has been round
 * the whole store it waits until {@link #PURGE_CYCLE} after that round began. A walk of the whole
 * store at once would hold the stream thread for as long as the store is big (a day of keys at
 * 1,000 increments/s is millions of entries per task: seconds of scanning, longer than a transaction
 * may stay open). With slices a small store is still walked once a minute, and a big one at 10,000
 * entries a second per task, far more than a task remembers per second: an expired entry is deleted
 * within a minute, or (entries / 10,000) seconds in a big store.
 */
public final class Deduplicator {

    public static final String STORE = "idempotency";
    static final char SEPARATOR = '\u0000';
    static final Duration PURGE_INTERVAL = Duration.ofSeconds(1);
    static final int PURGE_BATCH = 10_000;
    static final Duration PURGE_CYCLE = Duration.ofSeconds(60);

    private final ProcessorContext<?, ?> context;
    private final KeyValueStore<String, IdempotencyEntry> store;
    private final long retentionMs;
    private final int purgeBatch;
    /** The last entry the purge looked at, where the next one goes on; null: from the start. */
    private String purgeCursor;
    /** When the next round of the whole store may begin. */
    private long nextRoundAtMs;

    /** Call from the processor's {@code init}: it schedules the purge on the task. */
    Deduplicator(ProcessorContext<?, ?> context, Duration retention) {
        this(context, retention, PURGE_BATCH);
    }

    Deduplicator(ProcessorContext<?, ?> context, Duration retention, int purgeBatch) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.retentionMs = retention.toMillis();
        this.purgeBatch = purgeBatch;
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    public static String storeKey(String counterKey, String idempotencyKey) {
        return counterKey + SEPARATOR + idempotencyKey;
    }

    /** @return the write already applied with this key to this counter, unless it expired */
    Optional<IdempotentWrite> earlier(String counterKey, String idempotencyKey, long nowMs) {
        IdempotencyEntry entry = store.get(storeKey(counterKey, idempotencyKey));
        return entry != null && entry.liveAt(nowMs) ? Optional.of(entry.write()) : Optional.empty();
    }

    /** Remembers the record being processed, just applied to its counter with {@code by}. */
    void remember(String counterKey, String idempotencyKey, long by, long nowMs) {
        remember(counterKey, idempotencyKey, by, false, nowMs);
    }

    /** Remembers the reset being processed, just applied to its counter. */
    void rememberReset(String counterKey, String idempotencyKey, long nowMs) {
        remember(counterKey, idempotencyKey, 0, true, nowMs);
    }

    private void remember(String counterKey, String idempotencyKey, long by, boolean reset, long nowMs) {
        Optional<RecordMetadata> source = context.recordMetadata();
        IdempotentWrite write = new IdempotentWrite(idempotencyKey, counterKey, by,
                source.map(RecordMetadata::topic).orElse(null),
                source.map(RecordMetadata::partition).orElse(-1),
                source.map(RecordMetadata::offset).orElse(-1L), reset);
        store.put(storeKey(counterKey, idempotencyKey), new IdempotencyEntry(write, nowMs + retentionMs));
    }

    /**
     * Deletes the expired entries among the next {@code purgeBatch} after the cursor; the deletes are
     * changelogged in the task's next transaction.
     */
    void purge(long nowMs) {
        if (purgeCursor == null) {
            if (nowMs < nextRoundAtMs) {
                return;
            }
            nextRoundAtMs = nowMs + PURGE_CYCLE.toMillis();
        }
        // Only the expired keys are collected, then deleted outside the iterator.
        List<String> expired = new ArrayList<>();
        String lastSeen = null;
        int seen = 0;
        try (KeyValueIterator<String, IdempotencyEntry> entries = purgeCursor == null ? store.all() : store.range(purgeCursor, null)) {
            while (seen < purgeBatch && entries.hasNext()) {
                KeyValue<String, IdempotencyEntry> entry = entries.next();
                if (entry.key.equals(purgeCursor)) {
                    continue; // the range starts at the cursor, which the last purge looked at
                }
                seen++;
                lastSeen = entry.key;
                if (!entry.value.liveAt(nowMs)) {
                    expired.add(entry.key);
                }
            }
            purgeCursor = entries.hasNext() ? lastSeen : null;
        }
        expired.forEach(store::delete);
    }
}
