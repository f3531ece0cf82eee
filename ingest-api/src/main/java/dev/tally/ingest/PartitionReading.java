package dev.tally.ingest;

import java.util.List;

/**
 * One partition of a queue's topic as the last Kafka reading saw it.
 *
 * @param backlog           offsets written but not yet committed by the processors
 * @param leader            the broker leading it, or -1 when it has none
 * @param replicas          the brokers holding a copy
 * @param isr               the replicas in sync with the leader
 * @param minInsyncReplicas the topic's write quorum: an acks=all write needs this many in the ISR
 * @param logEnd            the end of its log as the brokers publish it (the high watermark), or -1 when unknown
 */
public record PartitionReading(long backlog, int leader, List<Integer> replicas, List<Integer> isr, int minInsyncReplicas,
                               long logEnd) {

    /** A reading that does not know the log's end. */
    public PartitionReading(long backlog, int leader, List<Integer> replicas, List<Integer> isr, int minInsyncReplicas) {
        this(backlog, leader, replicas, isr, minInsyncReplicas, -1);
    }

    public boolean acceptsQuorumWrites() {
        return isr.size() >= minInsyncReplicas;
    }

    public boolean underReplicated() {
        return isr.size() < replicas.size();
    }
}
