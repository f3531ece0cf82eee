package dev.tally.ingest;

import dev.tally.domain.WriteToken;

/**
 * The 202 body of {@code DELETE /counter/{key}}: where Kafka stored the reset, and the token to read
 * the counter back with the reset applied.
 *
 * @param leader the broker that led the increments partition at the last Kafka reading, or null when
 *               not known ({@link ClusterView#leaderOf})
 * @param token  for {@code GET /counter/{key}?after=TOKEN}: a read that shows the reset and
 *               only what was counted after it
 */
public record ResetAccepted(String key, String topic, int partition, long offset, Integer leader, String token) {

    public static ResetAccepted of(String key, String topic, int partition, long offset, Integer leader) {
        return new ResetAccepted(key, topic, partition, offset, leader,
                WriteToken.of(key, false, partition, offset).toString());
    }
}
