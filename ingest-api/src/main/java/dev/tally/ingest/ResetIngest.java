package dev.tally.ingest;

import dev.tally.domain.CounterKeys;
import dev.tally.domain.ResetRecords;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.query.IdempotentWrites;
import dev.tally.server.http.ApiException;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code DELETE /counter/{key}}: sets a counter to 0 through the log ({@link ResetRecords}). First a
 * marker on every excess partition (a hot key's increments may be on any of them), then, once all
 * are acknowledged, the reset on the counter's increments partition carrying the markers' offsets;
 * 202 once that is acknowledged too. Every increment acknowledged before the DELETE was sent is
 * cleared, every one sent after its 202 counts; one sent meanwhile may fall on either side, once.
 *
 * <p>Always written at the strong level (acks=all): a reset the leader alone had could be lost while
 * the increments it cleared survive. With an {@code Idempotency-Key}, a retried DELETE is answered
 * with the first one's 202 (if a copy of the counter already applied it) and otherwise written
 * again, and the processor applies only the first; a key already used for an increment of this
 * counter is refused with 409 {@code idempotency_key_reused}.
 */
final class ResetIngest {

    private final IncrementLog log;
    private final ClusterView cluster;
    private final QueueGate gate;
    private final IdempotentWrites idempotency;

    ResetIngest(IncrementLog log, ClusterView cluster, QueueGate gate, IdempotentWrites idempotency) {
        this.log = log;
        this.cluster = cluster;
        this.gate = gate;
        this.idempotency = idempotency;
    }

    void handle(Context ctx) {
        String key = ctx.pathParam("key");
        CounterKeys.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_key", problem);
        });
        String idempotencyKey = IncrementRequest.checkIdempotencyKey(ctx.header("Idempotency-Key"));
        Optional<ResetAccepted> earlier = replay(key, idempotencyKey);
        if (earlier.isPresent()) {
            ctx.header("Idempotent-Replay", "true").status(202).json(earlier.get());
            return;
        }
        cluster.requireQuorum(IngestQueue.MAIN, key);
        // One place on the main queue: a reset is one record there (its markers are few and small).
        gate.admit(IngestQueue.MAIN);
        ctx.future(() -> append(key, idempotencyKey)
                .whenComplete((accepted, failure) -> gate.finished(IngestQueue.MAIN, failure == null))
                .thenAccept(accepted -> ctx.status(202).json(accepted)));
    }

    private Optional<ResetAccepted> replay(String key, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        Optional<IdempotentWrite> earlier = idempotency.find(idempotencyKey, key);
        if (earlier.isPresent() && !earlier.get().reset()) {
            throw new ApiException(409, "idempotency_key_reused", "the Idempotency-Key \"" + idempotencyKey
                    + "\" was already used for an increment of \"" + key + "\"; a reset needs a key of its own");
        }
        return earlier.map(write -> accepted(key, write.topic(), write.partition(), write.offset()));
    }

    /** @return completes with the 202 body, or fails with an {@link ApiException} */
    CompletableFuture<ResetAccepted> append(String key, String idempotencyKey) {
        CompletableFuture<ResetAccepted> written;
        try {
            int excessPartitions = log.excessPartitionCount();
            Map<Integer, CompletableFuture<RecordMetadata>> markers = new TreeMap<>();
            for (int partition = 0; partition < excessPartitions; partition++) {
                markers.put(partition, log.appendResetMarker(partition, key));
            }
            written = CompletableFuture.allOf(markers.values().toArray(CompletableFuture[]::new))
                    .thenCompose(all -> {
                        Map<Integer, Long> cuts = new TreeMap<>();
                        markers.forEach((partition, marker) -> cuts.put(partition, marker.join().offset()));
                        return log.appendReset(key, cuts, idempotencyKey);
                    })
                    .thenApply(reset -> accepted(key, reset.topic(), reset.partition(), reset.offset()));
        } catch (RuntimeException e) {
            // The metadata lookup for the excess topic throws (a timeout) rather than failing a future.
            written = CompletableFuture.failedFuture(e);
        }
        return written.exceptionally(failure -> {
            throw KafkaErrors.toApiException(failure);
        });
    }

    private ResetAccepted accepted(String key, String topic, int partition, long offset) {
        return ResetAccepted.of(key, topic, partition, offset, cluster.leaderOf(IngestQueue.MAIN, partition));
    }
}
