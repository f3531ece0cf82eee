package dev.tally.query;

import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalDump;
import dev.tally.domain.wire.LocalWindows;
import dev.tally.domain.wire.ProcessorStats;
import dev.tally.domain.wire.RoutingSnapshot;
import dev.tally.server.http.WindowParams;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The internal API of one stream-processor instance, addressed by its base URL
 * ({@code http://host:port}). An interface so routing and fallback can be tested without HTTP.
 *
 * <p>Every method throws {@link ProcessorErrorException} when the processor answered an error status,
 * and {@link ProcessorUnreachableException} when it did not answer at all.
 */
public interface ProcessorClient extends AutoCloseable {

    /** {@code GET /internal/counter/{key}} from the instance's local copy (active or standby). */
    LocalCount count(String url, String key);

    /**
     * {@link #count} without holding the caller's thread while the processor answers; the future
     * fails with what {@link #count} would throw. By default it is {@link #count}, done at once.
     */
    default CompletableFuture<LocalCount> countAsync(String url, String key) {
        return AsyncCalls.started(() -> CompletableFuture.completedFuture(count(url, key)));
    }

    /**
     * {@code POST /internal/counters}: several keys from the instance's local copies, in their order;
     * all or none (409 not_hosted if any key's partition is not held there).
     */
    default List<LocalCount> counts(String url, List<String> keys) {
        return keys.stream().map(key -> count(url, key)).toList();
    }

    /** {@link #counts} as {@link #countAsync} is {@link #count}. */
    default CompletableFuture<List<LocalCount>> countsAsync(String url, List<String> keys) {
        return AsyncCalls.started(() -> CompletableFuture.completedFuture(counts(url, keys)));
    }

    /** {@code GET /internal/dump?partitions=…}: every counter the instance holds for those partitions. */
    LocalDump dump(String url, Collection<Integer> partitions);

    /** {@code GET /internal/dump?partitions=…&after=…&limit=…}: per partition, its first counts after the cursor. */
    default LocalDump dump(String url, Collection<Integer> partitions, String after, int limit) {
        return dump(url, partitions).page(after, limit);
    }

    /**
     * {@code GET /internal/top?partitions=…&n=…&window=…}: per partition, its {@code n} busiest keys and
     * their increments, of the recent minutes ({@code window} null) or the current window of that size.
     */
    default LocalDump top(String url, Collection<Integer> partitions, String window, int n) {
        throw new UnsupportedOperationException("no top keys from " + url);
    }

    /** {@code GET /internal/counter/{key}/windows?size=…&from=…&to=…}: the key's series from the instance's copy. */
    default LocalWindows windows(String url, String key, WindowParams.Range range) {
        throw new UnsupportedOperationException("no windows from " + url);
    }

    /** {@code GET /internal/routing}: which instance holds which partitions, as that instance sees it. */
    RoutingSnapshot routing(String url);

    /**
     * {@code GET /internal/idempotency/{id}?key=…}: the first write of that Idempotency-Key, empty on the
     * active copy's 404 {@code not_seen}; a standby's 404 {@code not_seen_yet} is thrown, as it may lag.
     */
    Optional<IdempotentWrite> idempotency(String url, String idempotencyKey, String key);

    /** {@code GET /internal/stats}: what the instance has applied, merged, dead-lettered and found stale. */
    ProcessorStats stats(String url);

    @Override
    default void close() {
    }
}
