package dev.tally.processor.store;

import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.LocalCount;
import java.util.Optional;

/**
 * What one copy of a counter's partition knows of an Idempotency-Key. A write found is final on any
 * copy: it was applied. "Not seen" is final only from the active copy; a standby copies the
 * changelog behind the active and may not have the entry yet.
 *
 * @param write the first write applied with the key, or null if this copy holds none
 * @param role  {@link LocalCount#ACTIVE} or {@link LocalCount#STANDBY}: which copy answered
 */
public record IdempotencyLookup(IdempotentWrite write, String role) {

    public Optional<IdempotentWrite> found() {
        return Optional.ofNullable(write);
    }

    /** Whether "not seen" from this copy means the key was never applied (within the retention). */
    public boolean fromActive() {
        return LocalCount.ACTIVE.equals(role);
    }
}
