package dev.tally.domain.wire;

/**
 * The first write a processor applied for an {@code Idempotency-Key}: enough to answer a retried
 * POST with the same 202 body as the original.
 */
public record IdempotentWrite(String idempotencyKey, String key, long by, String topic, int partition, long offset) {
}
