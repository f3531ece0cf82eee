package dev.tally.ingest;

/**
 * The 202 body: where Kafka stored the increment.
 *
 * @param queue which queue took it: {@code main} (the increments topic) or {@code excess} (a hot key's spill)
 * @param topic the topic, partition and offset Kafka stored it at
 */
public record IncrementAccepted(String key, long by, String queue, String topic, int partition, long offset) {
}
