package dev.tally.domain.wire;

import java.util.Map;

/** Every counter a processor holds for the partitions asked for, keyed by partition. */
public record LocalDump(String instance, Map<Integer, Map<String, Long>> partitions) {

    /** Per partition, its first {@code limit} counts after {@code after} (null: from the first) in key order. */
    public LocalDump page(String after, int limit) {
        Map<Integer, Map<String, Long>> pages = new java.util.TreeMap<>();
        partitions.forEach((partition, counts) -> pages.put(partition, dev.tally.domain.KeyOrder.page(counts, after, limit)));
        return new LocalDump(instance, pages);
    }
}
