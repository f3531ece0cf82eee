package dev.tally.ingest;

/**
 * The 202 body: where Kafka stored the increment.
 *
 * @param queue which log took it; {@code main} for the increments topic (a later queue absorbs excess load)
 */
public record IncrementAccepted(String key, long by, String queue, String topic, int partition, long offset) {

    public static final String MAIN_QUEUE = "main";
}
