package dev.tally.domain.wire;

/**
 * The first write a processor applied for an {@code Idempotency-Key}: enough to answer a retried
 * POST (or DELETE) with the same 202 body as the original.
 *
 * @param by    the increment's delta; 0 for a reset
 * @param reset whether the write was a reset ({@code DELETE /counter/{key}}) rather than an increment
 */
public record IdempotentWrite(String idempotencyKey, String key, long by, String topic, int partition, long offset,
                              boolean reset) {

    /** An increment's write. */
    public IdempotentWrite(String idempotencyKey, String key, long by, String topic, int partition, long offset) {
        this(idempotencyKey, key, by, topic, partition, offset, false);
    }
}
