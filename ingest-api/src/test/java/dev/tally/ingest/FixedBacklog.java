package dev.tally.ingest;

import java.util.EnumMap;
import java.util.Map;

/** A backlog source that reports whatever the test sets, one partition per queue. */
final class FixedBacklog implements BacklogSource {

    private final Map<IngestQueue, Long> backlog = new EnumMap<>(IngestQueue.class);

    static FixedBacklog empty() {
        return new FixedBacklog();
    }

    FixedBacklog set(IngestQueue queue, long value) {
        backlog.put(queue, value);
        return this;
    }

    @Override
    public Map<IngestQueue, Map<Integer, Long>> read() {
        Map<IngestQueue, Map<Integer, Long>> reading = new EnumMap<>(IngestQueue.class);
        for (IngestQueue queue : IngestQueue.values()) {
            reading.put(queue, Map.of(0, backlog.getOrDefault(queue, 0L)));
        }
        return reading;
    }
}
