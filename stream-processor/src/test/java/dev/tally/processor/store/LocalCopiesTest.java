package dev.tally.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.Topics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.internals.TaskMetadataImpl;
import org.apache.kafka.streams.processor.internals.ThreadMetadataImpl;
import org.junit.jupiter.api.Test;

class LocalCopiesTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger asked = new AtomicInteger();
    private volatile Collection<ThreadMetadata> threads = List.of(thread(Set.of(task(0, 0), task(1, 3)), Set.of(task(2, 4))));

    private final LocalCopies copies = new LocalCopies(() -> {
        asked.incrementAndGet();
        return threads;
    }, now::get);

    @Test
    void theIncrementsPartitionsOfActiveAndStandbyTasksAreTheCopiesHeld() {
        LocalCopies.Snapshot held = copies.current();

        assertThat(held.active()).containsExactlyInAnyOrder(0, 3);
        assertThat(held.standby()).containsExactly(4);
    }

    @Test
    void partitionsOfOtherTopicsInATaskAreNotCopiesOfCounters() {
        TaskMetadata mixed = new TaskMetadataImpl(new TaskId(0, 5),
                Set.of(new TopicPartition(Topics.INCREMENTS, 5), new TopicPartition(Topics.EXCESS, 7)), Map.of(), Map.of(), Optional.empty());
        threads = List.of(thread(Set.of(mixed), Set.of()));

        assertThat(copies.current().active()).containsExactly(5);
    }

    @Test
    void oneSnapshotAnswersEveryReadUntilItIsOld() {
        copies.current();
        now.addAndGet(LocalCopies.MAX_AGE_MS - 1);
        copies.current();
        copies.current();

        assertThat(asked).hasValue(1);
    }

    @Test
    void aRebalanceIsSeenOnceTheSnapshotIsOld() {
        copies.current();
        threads = List.of(thread(Set.of(task(0, 4)), Set.of(task(1, 0))));
        now.addAndGet(LocalCopies.MAX_AGE_MS);

        LocalCopies.Snapshot held = copies.current();

        assertThat(held.active()).containsExactly(4);
        assertThat(held.standby()).containsExactly(0);
        assertThat(asked).hasValue(2);
    }

    private static ThreadMetadata thread(Set<TaskMetadata> active, Set<TaskMetadata> standby) {
        return new ThreadMetadataImpl("worker-1", "RUNNING", "main", "restore", "producer", "admin", active, standby);
    }

    private static TaskMetadata task(int subtopology, int partition) {
        return new TaskMetadataImpl(new TaskId(subtopology, partition), Set.of(new TopicPartition(Topics.INCREMENTS, partition)),
                Map.of(), Map.of(), Optional.empty());
    }
}
