package dev.tally.processor.store;

import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalDump;
import dev.tally.domain.wire.LocalWindows;
import dev.tally.domain.wire.ProcessorHealth;
import dev.tally.domain.wire.RoutingSnapshot;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.WindowParams;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the internal HTTP API asks of this processor instance. {@link LocalStoreReader} answers from
 * the running Kafka Streams; tests answer with a stub. Refusals are {@link ApiException}s carrying
 * the HTTP status to answer.
 */
public interface LocalQueries {

    /** This instance's id and Kafka Streams state (RUNNING, REBALANCING, …). */
    ProcessorHealth health();

    /**
     * The count of one key from this instance's copy of its partition.
     *
     * @return the count, with the lag of the copy that answered (null when unknown)
     * @throws ApiException 409 {@code not_hosted} if this instance has neither the active nor a
     *                      standby copy of the key's partition; 503 {@code store_unavailable} if
     *                      the store cannot be read right now (rebalance, restoration, not running)
     */
    LocalCount lookup(String key);

    /**
     * {@link #lookup} of several keys, in their order: all of them or none (the first refusal is thrown).
     * The query API sends in one call only keys whose partitions it believes this instance holds.
     */
    default List<LocalCount> lookupAll(List<String> keys) {
        return keys.stream().map(this::lookup).toList();
    }

    /**
     * The first write applied with a client's Idempotency-Key to a counter, from this instance's copy
     * (active or standby) of the counter's partition; a standby copy may not have it yet.
     *
     * @return the write, or none if this copy holds no unexpired entry for the pair, and which copy answered
     * @throws ApiException 409 {@code not_hosted}, 503 {@code store_unavailable}, as {@link #lookup}
     */
    IdempotencyLookup idempotentWrite(String counterKey, String idempotencyKey);

    /**
     * How far behind its changelog each counts-store copy held here is: 0 for an active copy that runs,
     * the records still to restore or to copy for the others; a copy whose lag is unknown is missing.
     */
    Map<Integer, Long> storeLags();

    /** Input partitions whose active task runs on this instance, sorted. */
    List<Integer> activePartitions();

    /**
     * Every count of the given partitions, from the active or standby copy held here.
     *
     * @throws ApiException 400 {@code invalid_partitions} for a partition the topic does not have;
     *                      409 {@code not_hosted}; 503 {@code store_unavailable}
     */
    LocalDump dump(Collection<Integer> partitions);

    /**
     * A page of {@link #dump}: per partition, its first {@code limit} counts with keys after {@code after}
     * (null: from the first) in {@link dev.tally.domain.KeyOrder}. This default reads whole partitions;
     * the store reader scans only the page.
     */
    default LocalDump dump(Collection<Integer> partitions, String after, int limit) {
        return dump(partitions).page(after, limit);
    }

    /**
     * The key's windows of one size ({@code range.size()} must be one of WINDOWS), from this instance's
     * copy of its partition, as {@link #lookup} reads the count.
     *
     * @throws ApiException 400 {@code unknown_window_size}; 409 {@code not_hosted}; 503 {@code store_unavailable}
     */
    LocalWindows windows(String key, WindowParams.Range range);

    /**
     * Per partition asked for, its {@code n} busiest keys (increments counted) of the period: without
     * {@code window} the last minutes, else the current window of that size (TopKeyPeriods).
     *
     * @throws ApiException as {@link #dump}, and 400 {@code unknown_window_size}
     */
    LocalDump top(Collection<Integer> partitions, String window, int n);

    /** Who hosts which partition, as the group's metadata says on this instance. */
    RoutingSnapshot routing();
}
