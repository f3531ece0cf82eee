package dev.tally.domain.wire;

/** A processor's liveness answer: its id and Kafka Streams state. */
public record ProcessorHealth(String instance, String state) {
}
