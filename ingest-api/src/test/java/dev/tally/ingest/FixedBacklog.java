package dev.tally.ingest;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A backlog source that reports whatever the test sets, one partition per queue, 3 replicas with a quorum of 2. */
final class FixedBacklog implements BacklogSource {

    private final Map<IngestQueue, Long> backlog = new EnumMap<>(IngestQueue.class);
    private List<Integer> inSync = List.of(1, 2, 3);

    static FixedBacklog empty() {
        return new FixedBacklog();
    }

    FixedBacklog set(IngestQueue queue, long value) {
        backlog.put(queue, value);
        return this;
    }

    /** Only the first n of the three replicas in sync. */
    FixedBacklog inSync(int n) {
        inSync = List.of(1, 2, 3).subList(0, n);
        return this;
    }

    @Override
    public Map<IngestQueue, Map<Integer, PartitionReading>> read() {
        Map<IngestQueue, Map<Integer, PartitionReading>> reading = new EnumMap<>(IngestQueue.class);
        for (IngestQueue queue : IngestQueue.values()) {
            reading.put(queue, Map.of(0, new PartitionReading(backlog.getOrDefault(queue, 0L), 1, List.of(1, 2, 3), inSync, 2)));
        }
        return reading;
    }
}
