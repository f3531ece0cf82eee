package dev.tally.ingest;

import dev.tally.domain.Topics;

/**
 * The two queues an increment can join. A queue is a Kafka topic's backlog: increments answered
 * 202 whose offsets the processors have not yet committed.
 */
public enum IngestQueue {
    /** Every cold key's increments. */
    MAIN("main", Topics.INCREMENTS),
    /** Hot keys' increments, spread over salted sub-keys so they cannot starve cold keys. */
    EXCESS("excess", Topics.EXCESS);

    private final String label;
    private final String topic;

    IngestQueue(String label, String topic) {
        this.label = label;
        this.topic = topic;
    }

    public String label() {
        return label;
    }

    public String topic() {
        return topic;
    }
}
