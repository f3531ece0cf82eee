package dev.tally.ingest;

import java.util.EnumMap;
import java.util.Map;

/** A backlog source that reports whatever the test sets, one partition per queue, 3 replicas with a quorum of 2. */
final class FixedBacklog implements BacklogSource {

    private final Map<IngestQueue, Long> backlog = new EnumMap<>(IngestQueue.class);
    private int inSync = 3;

    static FixedBacklog empty() {
        return new FixedBacklog();
    }

    FixedBacklog set(IngestQueue queue, long value) {
        backlog.put(queue, value);
        return this;
    }

    FixedBacklog inSync(int replicas) {
        inSync = replicas;
        return this;
    }

    @Override
    public Map<IngestQueue, Map<Integer, PartitionReading>> read() {
        Map<IngestQueue, Map<Integer, PartitionReading>> reading = new EnumMap<>(IngestQueue.class);
        for (IngestQueue queue : IngestQueue.values()) {
            reading.put(queue, Map.of(0, new PartitionReading(backlog.getOrDefault(queue, 0L), inSync, 2)));
        }
        return reading;
    }
}
