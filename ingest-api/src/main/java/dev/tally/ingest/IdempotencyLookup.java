package dev.tally.ingest;

import dev.tally.common.wire.IdempotentWrite;
import java.util.Optional;

/**
 * Finds the write an {@code Idempotency-Key} already made for a counter, so that a retried POST
 * is answered with the original 202 body. The processors hold that record (in their
 * changelogged state), so any API replica finds it; the query side does the lookup.
 */
@FunctionalInterface
public interface IdempotencyLookup {

    /** For an API without a query side: every retry is written again, and the processor drops it. */
    IdempotencyLookup NONE = (idempotencyKey, counterKey) -> Optional.empty();

    Optional<IdempotentWrite> find(String idempotencyKey, String counterKey);
}
