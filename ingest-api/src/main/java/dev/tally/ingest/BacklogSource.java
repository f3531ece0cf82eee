package dev.tally.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Where the queues' state comes from; Kafka in production ({@link KafkaBacklogSource}), a map in tests. */
public interface BacklogSource extends AutoCloseable {

    /** @return for each queue, each partition's backlog and in-sync replicas */
    Map<IngestQueue, Map<Integer, PartitionReading>> read() throws Exception;

    /** The brokers registered with the controller quorum right now. */
    default List<Integer> liveBrokers() throws Exception {
        return List.of();
    }

    /**
     * One partition's log end read now rather than at the next poll, within {@code deadline}.
     *
     * @return empty when it cannot be told in time (or the source cannot read single partitions)
     */
    default OptionalLong logEnd(IngestQueue queue, int partition, Duration deadline) {
        return OptionalLong.empty();
    }

    @Override
    default void close() {
    }
}
