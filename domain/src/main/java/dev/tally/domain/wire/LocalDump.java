package dev.tally.domain.wire;

import java.util.Map;

/** Every counter a processor holds for the partitions asked for, keyed by partition. */
public record LocalDump(String instance, Map<Integer, Map<String, Long>> partitions) {
}
