package dev.tally.ingest;

import dev.tally.domain.Consistency;
import dev.tally.domain.ExcessKeys;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.query.IdempotentWrites;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.http.ApiException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The path every increment takes after validation, whichever endpoint it came in by: an earlier
 * write of its idempotency key, else a queue (main, or excess for a hot key) and a record key,
 * then its admission to that queue ({@link QueueGate}; a batch's as a whole), then the append to Kafka.
 */
final class Appender {

    /** An increment with its queue chosen, ready to be admitted and appended. */
    record Route(IncrementRequest request, IngestQueue queue, String recordKey, long startNanos) {
    }

    private final IncrementLog log;
    private final ClusterView cluster;
    private final QueueGate gate;
    private final HotKeyDetector hotKeys;
    private final SaltPicker salts;
    private final ConsistencyMetrics metrics;
    private final IdempotentWrites idempotency;
    private final IngestMeters meters;

    Appender(IncrementLog log, ClusterView cluster, QueueGate gate, HotKeyDetector hotKeys, int excessSalts, ConsistencyMetrics metrics,
             IdempotentWrites idempotency, IngestMeters meters) {
        this.log = log;
        this.cluster = cluster;
        this.gate = gate;
        this.hotKeys = hotKeys;
        this.salts = SaltPicker.sticky(excessSalts);
        this.metrics = metrics;
        this.idempotency = idempotency;
        this.meters = meters;
    }

    /**
     * The 202 body the first write with this request's idempotency key got, if there was one.
     *
     * @throws ApiException 422 {@code idempotency_key_reused} when that first write had another {@code by}:
     *                      answering its 202 would tell the client a different amount was counted
     */
    Optional<IncrementAccepted> replay(IncrementRequest request) {
        if (request.idempotencyKey() == null) {
            return Optional.empty();
        }
        Optional<IdempotentWrite> earlier = idempotency.find(request.idempotencyKey(), request.key());
        earlier.filter(first -> first.by() != request.by()).ifPresent(first -> {
            throw IdempotencyReuse.refusal(request, first.key(), first.by());
        });
        earlier.ifPresent(replayed -> meters.replayed());
        return earlier.map(this::accepted);
    }

    /**
     * Picks the queue and the record key, and refuses a strong write to a partition below its write quorum.
     *
     * @throws ApiException 503 {@code not_enough_replicas}
     */
    Route route(IncrementRequest request) {
        IngestQueue queue = countsTowardHotness(request) && hotKeys.recordAndCheck(request.key())
                ? IngestQueue.EXCESS : IngestQueue.MAIN;
        String recordKey = queue == IngestQueue.MAIN ? request.key()
                : ExcessKeys.salted(request.key(), salts.next());
        Route route = new Route(request, queue, recordKey, System.nanoTime());
        if (request.level() == Consistency.STRONG) {
            try {
                cluster.requireQuorum(queue, recordKey);
            } catch (ApiException e) {
                recordWrite(route, true);
                notCounted(route);
                throw e;
            }
        }
        return route;
    }

    /**
     * Reserves a place for the increment in its queue.
     *
     * @throws ApiException 429 {@code queue_full}, the increment then not counted toward its key's hotness
     */
    void admit(Route route) {
        reserve(() -> gate.admit(route.queue()), List.of(route));
    }

    /**
     * Reserves places for a batch's increments, all or none (see {@link QueueGate#admit(Map)}).
     *
     * @throws ApiException 429 {@code queue_full} (413 when a queue could never hold them), none of
     *                      them then counted toward their keys' hotness
     */
    void admit(List<Route> routes) {
        Map<IngestQueue, Integer> counts = new EnumMap<>(IngestQueue.class);
        routes.forEach(route -> counts.merge(route.queue(), 1, Integer::sum));
        reserve(() -> gate.admit(counts), routes);
    }

    private void reserve(Runnable reservation, List<Route> routes) {
        try {
            reservation.run();
        } catch (ApiException refused) {
            routes.forEach(this::notCounted);
            throw refused;
        }
        int spilled = 0;
        for (Route route : routes) {
            spilled += route.queue() == IngestQueue.EXCESS ? 1 : 0;
        }
        if (spilled > 0) {
            meters.spilled(spilled);
        }
    }

    // An idempotent increment stays on the main queue: it is de-duplicated where its counter is counted.
    private static boolean countsTowardHotness(IncrementRequest request) {
        return request.idempotencyKey() == null;
    }

    private void notCounted(Route route) {
        if (countsTowardHotness(route.request())) {
            hotKeys.forget(route.request().key(), route.queue() == IngestQueue.EXCESS);
        }
    }

    /**
     * Appends an increment whose place {@link QueueGate} already reserved, and gives the place back when Kafka answered.
     *
     * @return completes with the 202 body once Kafka acknowledged the write, or fails with an {@link ApiException}
     */
    CompletableFuture<IncrementAccepted> append(Route route) {
        return append(route, log.answers());
    }

    /**
     * As {@link #append(Route)}, completing on Kafka's network thread: for the items of a batch, whose
     * answer is handed to {@link #answers()} once, when the last item is acknowledged. So a batch of
     * 500 wakes one request thread, not 500 that would each only note one item's result.
     */
    CompletableFuture<IncrementAccepted> appendItem(Route route) {
        return append(route, Runnable::run);
    }

    /** Where the answer to an acknowledged write is written (the HTTP server's request threads). */
    Executor answers() {
        return log.answers();
    }

    private CompletableFuture<IncrementAccepted> append(Route route, Executor completeOn) {
        IncrementRequest request = route.request();
        return log.append(request.level(), route.queue(), route.recordKey(), request.by(), request.idempotencyKey(), completeOn)
                .whenComplete((written, failure) -> {
                    gate.finished(route.queue(), failure == null);
                    recordWrite(route, failure != null);
                })
                .exceptionally(failure -> {
                    throw KafkaErrors.toApiException(failure);
                })
                .thenApply(written -> accepted(request.key(), request.by(), route.queue(),
                        written.topic(), written.partition(), written.offset()));
    }

    /**
     * The 202 body of an increment that is not written: for the no-Kafka ceiling endpoint only, so its
     * answers have the real shape; partition and offset are -1 since no broker placed it.
     */
    IncrementAccepted unwritten(Route route) {
        return accepted(route.request().key(), route.request().by(), route.queue(), route.queue().topic(), -1, -1);
    }

    /** Every 202 body (single, batch item, replay, ceiling) is built here and only here. */
    IncrementAccepted accepted(String key, long by, IngestQueue queue, String topic, int partition, long offset) {
        return IncrementAccepted.of(key, by, queue, topic, partition, offset, partition < 0 ? null : cluster.leaderOf(queue, partition));
    }

    private IncrementAccepted accepted(IdempotentWrite earlier) {
        return accepted(earlier.key(), earlier.by(), IngestQueue.MAIN, earlier.topic(), earlier.partition(), earlier.offset());
    }

    private void recordWrite(Route route, boolean failed) {
        metrics.record(ConsistencyMetrics.Operation.WRITE, route.request().level(),
                Duration.ofNanos(System.nanoTime() - route.startNanos()), failed);
    }
}
