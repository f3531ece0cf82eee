package dev.tally.ingest;

/**
 * One partition of a queue's topic as the last Kafka reading saw it.
 *
 * @param backlog           offsets written but not yet committed by the processors
 * @param inSyncReplicas    replicas in the ISR
 * @param minInsyncReplicas the topic's write quorum: an acks=all write needs this many in the ISR
 */
public record PartitionReading(long backlog, int inSyncReplicas, int minInsyncReplicas) {

    public boolean acceptsQuorumWrites() {
        return inSyncReplicas >= minInsyncReplicas;
    }
}
