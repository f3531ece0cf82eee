package dev.tally.ingest;

import dev.tally.server.http.ApiException;
import java.util.HashMap;
import java.util.Map;

/**
 * An Idempotency-Key names one increment: a request that carries it with another counter or another
 * {@code by} than the increment it was first used for is not a retry, and answering it as one (202
 * with the first body) would silently drop the new amount. It is refused with 422 instead.
 *
 * <p>Known at ingest: the processors' record of the first write of the key on the same counter (another
 * {@code by}), and within one batch, the items before (another counter or another {@code by}).
 * Idempotency-Keys are scoped per counter, so the same key on two counters in two requests is two increments.
 */
final class IdempotencyReuse {

    /** Within one batch: the first item of each idempotency key. */
    private final Map<String, IncrementRequest> firstUse = new HashMap<>();

    /** @throws ApiException 422 if an earlier item of this batch used the request's idempotency key differently */
    void check(IncrementRequest request) {
        if (request.idempotencyKey() == null) {
            return;
        }
        IncrementRequest first = firstUse.putIfAbsent(request.idempotencyKey(), request);
        if (first != null && (!first.key().equals(request.key()) || first.by() != request.by())) {
            throw refusal(request, first.key(), first.by());
        }
    }

    static ApiException refusal(IncrementRequest request, String firstKey, long firstBy) {
        return new ApiException(422, "idempotency_key_reused", "the Idempotency-Key \""
                + IncrementRequest.abbreviate(request.idempotencyKey()) + "\" was first used for by=" + firstBy
                + " on \"" + IncrementRequest.abbreviate(firstKey) + "\"; a retry must repeat the same key and by,"
                + " another increment needs another Idempotency-Key")
                .withDetail("first_key", firstKey)
                .withDetail("first_by", firstBy);
    }
}
