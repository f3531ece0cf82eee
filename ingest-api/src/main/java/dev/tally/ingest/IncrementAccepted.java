package dev.tally.ingest;

import dev.tally.domain.WriteToken;

/**
 * The 202 body: where Kafka stored the increment, and the token to read it back.
 *
 * @param queue  which queue took it: {@code main} (the increments topic) or {@code excess} (a hot key's spill)
 * @param topic  the topic, partition and offset Kafka stored it at
 * @param leader the broker that led that partition at the last Kafka reading (usually ~250 ms old), or
 *               null when not known: before the first reading, or while the readings fail or lag
 *               ({@link ClusterView#leaderOf})
 * @param token  for {@code GET /counter/{key}?after=TOKEN}: a read that includes this increment
 *               (null for the no-Kafka ceiling endpoint's answers, which nothing wrote)
 */
public record IncrementAccepted(String key, long by, String queue, String topic, int partition, long offset,
                                Integer leader, String token) {

    /** The one way every 202 body is made, the single and the batch endpoint's and a replayed one. */
    public static IncrementAccepted of(String key, long by, IngestQueue queue, String topic, int partition, long offset,
                                       Integer leader) {
        return new IncrementAccepted(key, by, queue.label(), topic, partition, offset, leader,
                partition < 0 ? null : WriteToken.of(key, queue == IngestQueue.EXCESS, partition, offset).toString());
    }
}
