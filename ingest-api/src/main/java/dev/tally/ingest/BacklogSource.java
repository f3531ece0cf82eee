package dev.tally.ingest;

import java.util.List;
import java.util.Map;

/** Where the queues' state comes from; Kafka in production ({@link KafkaBacklogSource}), a map in tests. */
public interface BacklogSource extends AutoCloseable {

    /** @return for each queue, each partition's backlog and in-sync replicas */
    Map<IngestQueue, Map<Integer, PartitionReading>> read() throws Exception;

    /** The brokers registered with the controller quorum right now. */
    default List<Integer> liveBrokers() throws Exception {
        return List.of();
    }

    @Override
    default void close() {
    }
}
