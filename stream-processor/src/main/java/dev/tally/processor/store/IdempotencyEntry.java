package dev.tally.processor.store;

import dev.tally.domain.Json;
import dev.tally.domain.wire.IdempotentWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A value of the {@value Deduplicator#STORE} store: the first write applied with an idempotency key,
 * and the wall-clock time (epoch ms) after which the key is forgotten.
 */
public record IdempotencyEntry(IdempotentWrite write, long expiresAtMs) {

    /** Whether a record with the same key arriving at {@code nowMs} is a duplicate of this write. */
    public boolean liveAt(long nowMs) {
        return nowMs < expiresAtMs;
    }

    /** JSON, with the one mapper of tally: readable in the changelog with a console consumer. */
    public static Serde<IdempotencyEntry> serde() {
        return Serdes.serdeFrom(
                (topic, entry) -> entry == null ? null : encode(entry),
                (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    private static byte[] encode(IdempotencyEntry entry) {
        try {
            return Json.MAPPER.writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IdempotencyEntry decode(byte[] bytes) {
        try {
            return Json.MAPPER.readValue(bytes, IdempotencyEntry.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
