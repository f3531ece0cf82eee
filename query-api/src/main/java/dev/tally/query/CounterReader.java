package dev.tally.query;

import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalWindows;
import dev.tally.server.http.WindowParams;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads counts from whichever processor holds a copy. An interface so the HTTP layer can be tested
 * with a stub; {@link RoutedCounterReader} is the real one.
 */
public interface CounterReader extends AutoCloseable {

    /**
     * @return the count (0 for a key never incremented), the partition, and which copy answered
     * @throws dev.tally.server.http.ApiException 400 {@code invalid_key}, or 503 {@code no_replica_available}
     */
    LocalCount read(String key, ReadPolicy policy);

    /**
     * {@link #read(String, ReadPolicy)}, answered without holding the caller's thread where the reader
     * can; the future fails with what {@code read} would throw. By default it is {@code read}, done at once.
     */
    default CompletableFuture<LocalCount> readAsync(String key, ReadPolicy policy) {
        return AsyncCalls.started(() -> CompletableFuture.completedFuture(read(key, policy)));
    }

    /**
     * Several counters, each as {@link #read(String, ReadPolicy)} would answer it, in the order of
     * {@code keys} (which hold no repeats). All or nothing: 503 if some key has no acceptable copy.
     */
    default List<LocalCount> readAll(List<String> keys, ReadPolicy policy) {
        return keys.stream().map(key -> read(key, policy)).toList();
    }

    /** Any copy, however stale: the default read. */
    default LocalCount read(String key) {
        return read(key, ReadPolicy.ANY);
    }

    /** The write an Idempotency-Key already made for this counter, if a copy of its partition knows it. */
    default Optional<IdempotentWrite> findWrite(String idempotencyKey, String key) {
        return Optional.empty();
    }

    /**
     * @return every counter of every partition
     * @throws dev.tally.server.http.ApiException 503 {@code no_replica_available} if some partition has no copy that answers
     */
    Map<String, Long> dumpAll();

    /**
     * Why some reads could not be routed now: the routing is unknown, or names no active copy of some
     * partitions; empty when every partition has an active copy.
     */
    default Optional<String> routingProblem() {
        return Optional.empty();
    }

    /**
     * The first {@code limit} counters after {@code after} (null: from the first) in key order
     * ({@link dev.tally.domain.KeyOrder}), and whether more follow.
     */
    default DumpPage dumpPage(String after, int limit) {
        return DumpPage.of(dumpAll(), after, limit);
    }

    /**
     * Per partition its {@code n} busiest keys of the period ({@code window} null: the recent minutes),
     * all in one map: a key lives on one partition, so the global top n is among them.
     *
     * @throws dev.tally.server.http.ApiException 400 {@code unknown_window_size}; 503 as {@link #dumpAll}
     */
    default Map<String, Long> topCandidates(String window, int n) {
        throw new UnsupportedOperationException("this reader has no top keys");
    }

    /**
     * The key's windows of one size, from the first copy that answers (active, then standby), as {@link #read}.
     *
     * @throws dev.tally.server.http.ApiException 400 {@code unknown_window_size} and the range's 400s; 503 as {@link #read}
     */
    default LocalWindows windows(String key, WindowParams.Range range) {
        throw new UnsupportedOperationException("this reader has no windows");
    }

    /** Every processor instance the routing names, with its partitions and stats (or why they could not be read). */
    default List<ProcessorView> processors() {
        return List.of();
    }

    @Override
    default void close() {
    }
}
