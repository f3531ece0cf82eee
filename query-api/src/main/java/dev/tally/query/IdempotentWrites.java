package dev.tally.query;

import dev.tally.domain.wire.IdempotentWrite;
import java.util.Optional;

/**
 * The write an {@code Idempotency-Key} already made for a counter, as the processors remember it
 * (in their changelogged state, so any API replica finds it). The ingest side asks before it writes,
 * so that a retried POST is answered with the original 202 body: the write path reads through here.
 */
@FunctionalInterface
public interface IdempotentWrites {

    /** For an API without a query side: every retry is written again, and the processor drops it. */
    IdempotentWrites NONE = (idempotencyKey, counterKey) -> Optional.empty();

    Optional<IdempotentWrite> find(String idempotencyKey, String counterKey);
}
