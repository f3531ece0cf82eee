package dev.tally.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One reading of the cluster.
 *
 * @param partitions  per queue, each partition's backlog, leader and replicas
 * @param liveBrokers the brokers registered with the controller quorum
 * @param takenAt     when the reading began
 */
public record ClusterReading(Map<IngestQueue, Map<Integer, PartitionReading>> partitions, List<Integer> liveBrokers,
                             Instant takenAt) {

    /** The backlog of a whole queue: the sum over its partitions. */
    public long backlog(IngestQueue queue) {
        return partitions.getOrDefault(queue, Map.of()).values().stream().mapToLong(PartitionReading::backlog).sum();
    }
}
