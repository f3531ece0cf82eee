package dev.tally.ingest;

import java.util.Map;

/** Where the queues' backlogs come from; Kafka in production ({@link KafkaBacklogSource}), a map in tests. */
public interface BacklogSource extends AutoCloseable {

    /** @return for each queue, its backlog per partition: offsets written but not yet committed by the processors */
    Map<IngestQueue, Map<Integer, Long>> read() throws Exception;

    @Override
    default void close() {
    }
}
