package dev.tally.ingest;

import dev.tally.domain.Consistency;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.RequestParams;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.time.Duration;

/**
 * {@code POST /counters/increments}: many increments in one request, each validated, routed and
 * appended by the same {@link Appender} as a single increment; the batch is admitted to its queues
 * as a whole (429 for all of it, or room for all of it) and answered once Kafka answered every item.
 *
 * <p>The status tells whether the client has anything to retry:
 * <ul>
 *   <li>202: every valid item was acknowledged; invalid items (4xx errors) are listed and need fixing, not retrying;</li>
 *   <li>207: some valid items failed in Kafka (503 errors): retry those, and only those, by index;</li>
 *   <li>400: every item was invalid; 503: none was written, some for server-side reasons; the error body's
 *       {@code details.results} lists each item's error;</li>
 *   <li>413: over {@code BATCH_MAX_ITEMS} items or {@code BATCH_MAX_BYTES}; 429: no room in a queue, nothing written.</li>
 * </ul>
 */
final class BatchIngest {

    /**
     * How long a batch may spend asking the processors for earlier writes of its idempotency keys (one
     * call each). Past it the remaining keyed items are written without asking: the processors skip
     * a key already applied, so nothing counts twice; such an item's 202 names its new offset rather
     * than the first write's. Without a bound, 10,000 keyed items made 10,000 calls before the queue check.
     */
    static final Duration LOOKUP_BUDGET = Duration.ofMillis(500);

    private final Appender appender;
    private final QueueGate gate;
    private final int maxItems;
    private final int maxBytes;
    private final LongSupplier nanoTime;

    BatchIngest(Appender appender, QueueGate gate, int maxItems, int maxBytes) {
        this(appender, gate, maxItems, maxBytes, System::nanoTime);
    }

    /** @param nanoTime the clock the look-up budget is measured on (tests pass one they move) */
    BatchIngest(Appender appender, QueueGate gate, int maxItems, int maxBytes, LongSupplier nanoTime) {
        this.appender = appender;
        this.gate = gate;
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.nanoTime = nanoTime;
    }

    void handle(Context ctx) {
        Consistency level = RequestParams.consistency(ctx.queryParam("consistency"), Consistency.STRONG);
        byte[] body = body(ctx);
        // Nearly every item goes to the main queue: with no room there, the batch is refused before
        // its items are parsed. (A batch of hot keys only, bound for the excess queue, is refused too.)
        gate.refuseIfFull(IngestQueue.MAIN);
        List<BatchBody.Item> items = BatchBody.parse(body, BatchBody.isNdjson(ctx.contentType()), level, maxItems);
        Object[] results = new Object[items.size()];
        List<Appender.Route> routes = new ArrayList<>();
        List<Integer> routeIndexes = new ArrayList<>();
        int replayed = 0;
        IdempotencyReuse reuse = new IdempotencyReuse();
        long lookupsEnd = nanoTime.getAsLong() + LOOKUP_BUDGET.toNanos();
        for (BatchBody.Item item : items) {
            if (item.problem() != null) {
                results[item.index()] = error(item.index(), item.problem());
                continue;
            }
            try {
                reuse.check(item.request());
                Optional<IncrementAccepted> earlier = nanoTime.getAsLong() - lookupsEnd < 0
                        ? appender.replay(item.request()) : Optional.empty();
                if (earlier.isPresent()) {
                    results[item.index()] = earlier.get();
                    replayed++;
                    continue;
                }
                routes.add(appender.route(item.request()));
                routeIndexes.add(item.index());
            } catch (ApiException e) {
                results[item.index()] = error(item.index(), e);
            }
        }
        if (routes.isEmpty() && replayed == 0) {
            throw refusal(results);
        }
        appender.admit(routes);
        int replays = replayed;
        CompletableFuture<?>[] writes = new CompletableFuture<?>[routes.size()];
        for (int i = 0; i < routes.size(); i++) {
            int index = routeIndexes.get(i);
            writes[i] = appender.appendItem(routes.get(i)).handle((accepted, failure) -> {
                results[index] = failure == null ? accepted : error(index, KafkaErrors.toApiException(failure));
                return null;
            });
        }
        // The items complete on Kafka's network thread; the answer, a JSON of every item, is written
        // from a request thread so as not to hold up the producer's sends.
        ctx.future(() -> CompletableFuture.allOf(writes).thenAcceptAsync(done -> answer(ctx, results, replays), appender.answers()));
    }

    /** The body, refused with 413 beyond BATCH_MAX_BYTES without reading more than that. */
    private byte[] body(Context ctx) {
        if (ctx.contentLength() > maxBytes) {
            throw tooLarge();
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_body", "the body could not be read: " + e.getMessage());
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "a batch body is at most " + maxBytes
                + " bytes (BATCH_MAX_BYTES); split it").withDetail("max_bytes", maxBytes);
    }

    private static void answer(Context ctx, Object[] results, int replayed) {
        List<Object> all = Arrays.asList(results);
        long serverFailures = all.stream().filter(r -> r instanceof BatchAnswer.ItemError e && e.error().status() >= 500).count();
        int accepted = (int) all.stream().filter(r -> r instanceof IncrementAccepted).count();
        if (accepted == 0) {
            throw refusal(results);
        }
        ctx.status(serverFailures == 0 ? 202 : 207).json(new BatchAnswer(accepted, results.length - accepted, replayed, all));
    }

    /** Nothing accepted: 400 if every item was the client's mistake, else 503 (something is worth retrying). */
    private static ApiException refusal(Object[] results) {
        List<Object> all = Arrays.asList(results);
        boolean retryable = all.stream().anyMatch(r -> r instanceof BatchAnswer.ItemError e && e.error().status() >= 500);
        ApiException e = retryable
                ? ApiException.unavailable("batch_not_written", "no item of the batch was written; see details.results")
                : ApiException.badRequest("invalid_items", "every item of the batch is invalid; see details.results");
        return e.withDetail("results", all);
    }

    private static BatchAnswer.ItemError error(int index, ApiException e) {
        return new BatchAnswer.ItemError(index, new BatchAnswer.Problem(e.error(), e.getMessage(), e.status()));
    }
}
