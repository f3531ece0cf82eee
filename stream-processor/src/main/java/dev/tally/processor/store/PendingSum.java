package dev.tally.processor.store;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What {@link ExcessAggregator} holds for one counter key between two flushes.
 *
 * @param sum             the sum of the deltas so far
 * @param count           how many increments were summed (the {@code tally.merged} header)
 * @param oldestTimestamp the earliest record timestamp among them: the merged increment carries it,
 *                        so staleness is measured from the first acceptance, not from the flush
 * @param lastOffset      the excess-topic offset of the last increment summed: the merged sum's
 *                        {@link ExcessPosition}
 */
public record PendingSum(long sum, long count, long oldestTimestamp, long lastOffset) {

    public static PendingSum first(long delta, long timestamp, long offset) {
        return new PendingSum(delta, 1, timestamp, offset);
    }

    /** @return empty if the sum would leave the signed 64-bit range */
    public Optional<PendingSum> plus(long delta, long timestamp, long offset) {
        long added;
        try {
            added = Math.addExact(sum, delta);
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
        return Optional.of(new PendingSum(added, count + 1, Math.min(oldestTimestamp, timestamp), Math.max(lastOffset, offset)));
    }

    /**
     * {@code sum,count,oldestTimestamp,lastOffset} as decimal text, like every other tally value: the changelog
     * stays readable with the console consumer.
     */
    public static Serde<PendingSum> serde() {
        return Serdes.serdeFrom(
                (topic, pending) -> pending == null ? null : pending.encode().getBytes(StandardCharsets.UTF_8),
                (topic, bytes) -> bytes == null ? null : decode(new String(bytes, StandardCharsets.UTF_8)));
    }

    String encode() {
        return sum + "," + count + "," + oldestTimestamp + "," + lastOffset;
    }

    /** @throws IllegalArgumentException if the text is not what {@link #encode} writes */
    static PendingSum decode(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a pending sum: \"" + text + "\"");
        }
        try {
            return new PendingSum(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                    Long.parseLong(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a pending sum: \"" + text + "\"", e);
        }
    }
}
