package dev.tally.domain;

/** Kafka record headers an increment may carry. */
public final class IncrementHeaders {

    /**
     * The client's {@code Idempotency-Key}: the processor applies the first record with a given key
     * (per counter) and skips any later one within the retention window, so a retried POST counts once.
     */
    public static final String IDEMPOTENCY_KEY = "tally.idempotency-key";

    private IncrementHeaders() {
    }
}
