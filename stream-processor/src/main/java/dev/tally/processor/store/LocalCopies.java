package dev.tally.processor.store;

import dev.tally.domain.Topics;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * Which increments partitions this instance holds a copy of, active or standby, as its stream
 * threads report them, remembered for {@value #MAX_AGE_MS} ms.
 *
 * <p>Why not ask Kafka Streams on every read ({@code queryMetadataForKey})? Its metadata lookups are
 * synchronized: at a thousand reads a second the HTTP threads queued on that one monitor (profiled:
 * waits of ~100 ms on average) and the processor spent most of its CPU handing it over. A read needs
 * only the key's partition (the producer's own hash, {@link dev.tally.domain.Partitions}) and whether
 * this instance holds it, which changes only at a rebalance.
 *
 * <p><b>Staleness:</b> for up to {@value #MAX_AGE_MS} ms after a rebalance a read may be refused
 * {@code not_hosted} for a partition just taken over (the query API then asks the next copy), or
 * answered from a copy whose role just changed; the store read itself still fails cleanly
 * ({@code store_unavailable}) if the store is gone.
 */
final class LocalCopies {

    static final long MAX_AGE_MS = 100;

    /** The partitions held here when the snapshot was taken. */
    record Snapshot(Set<Integer> active, Set<Integer> standby, long takenAtMs) {
    }

    private final Supplier<Collection<ThreadMetadata>> threads;
    private final LongSupplier clockMs;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Snapshot snapshot;

    /**
     * @param threads the stream threads' metadata ({@code KafkaStreams::metadataForLocalThreads}); it
     *                throws IllegalStateException while the instance is not running, which reaches the caller
     */
    LocalCopies(Supplier<Collection<ThreadMetadata>> threads, LongSupplier clockMs) {
        this.threads = threads;
        this.clockMs = clockMs;
    }

    /**
     * The current snapshot; one caller at a time takes a new one when it is too old, the others use the
     * old one meanwhile rather than queue on the metadata lock.
     */
    Snapshot current() {
        Snapshot known = snapshot;
        long now = clockMs.getAsLong();
        if (known != null && now - known.takenAtMs() < MAX_AGE_MS) {
            return known;
        }
        if (known != null && !refreshing.compareAndSet(false, true)) {
            return known;
        }
        try {
            Snapshot taken = take(now);
            snapshot = taken;
            return taken;
        } finally {
            refreshing.set(false);
        }
    }

    private Snapshot take(long now) {
        Set<Integer> active = new TreeSet<>();
        Set<Integer> standby = new TreeSet<>();
        for (ThreadMetadata thread : threads.get()) {
            thread.activeTasks().forEach(task -> addIncrementPartitions(task, active));
            thread.standbyTasks().forEach(task -> addIncrementPartitions(task, standby));
        }
        return new Snapshot(Set.copyOf(active), Set.copyOf(standby), now);
    }

    private static void addIncrementPartitions(TaskMetadata task, Set<Integer> into) {
        for (TopicPartition partition : task.topicPartitions()) {
            if (partition.topic().equals(Topics.INCREMENTS)) {
                into.add(partition.partition());
            }
        }
    }
}
