package dev.tally.query;

import dev.tally.domain.Consistency;
import dev.tally.domain.CounterKeys;
import dev.tally.domain.wire.LocalCount;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.RequestParams;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code GET /counters?key=a&key=b…} and {@code POST /counters} with {@code {"keys": [...]}} (for
 * lists too long for a URL): many counters in one request, fanned out by partition
 * ({@link CounterReader#readAll}), each answered with the copy that gave it, its role and lag.
 * {@code consistency} and {@code max_lag} apply to every key as to a single read; repeated keys are
 * answered once, in the order of their first mention.
 */
final class MultiGet {

    /** The body of both routes. */
    record Counters(List<QueryApi.CounterValue> counters, int count) {
    }

    static final int MAX_KEYS = 1_000;

    private final CounterReader reader;
    private final ConsistencyMetrics metrics;

    MultiGet(CounterReader reader, ConsistencyMetrics metrics) {
        this.reader = reader;
        this.metrics = metrics;
    }

    void get(Context ctx) {
        answer(ctx, ctx.queryParams("key"));
    }

    void post(Context ctx) {
        answer(ctx, RequestParams.keyList(ctx.body()));
    }

    private void answer(Context ctx, List<String> asked) {
        List<String> keys = List.copyOf(new LinkedHashSet<>(asked));
        if (keys.isEmpty()) {
            throw ApiException.badRequest("no_keys", "name the counters: ?key=a&key=b, or POST {\"keys\": [\"a\", \"b\"]}");
        }
        if (keys.size() > MAX_KEYS) {
            throw ApiException.badRequest("too_many_keys", "at most " + MAX_KEYS + " keys per request, got " + keys.size());
        }
        keys.forEach(key -> CounterKeys.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_key", "\"" + abbreviate(key) + "\": " + problem);
        }));
        ReadPolicy policy = new ReadPolicy(RequestParams.consistency(ctx.queryParam("consistency"), Consistency.EVENTUAL),
                QueryApi.maxLag(ctx.queryParam("max_lag")));
        long start = System.nanoTime();
        List<LocalCount> counts;
        try {
            counts = reader.readAll(keys, policy);
        } catch (ApiException e) {
            metrics.record(ConsistencyMetrics.Operation.READ, policy.level(), Duration.ofNanos(System.nanoTime() - start), e.status() >= 500);
            throw e;
        }
        metrics.record(ConsistencyMetrics.Operation.READ, policy.level(), Duration.ofNanos(System.nanoTime() - start), false);
        List<QueryApi.CounterValue> values = counts.stream().map(QueryApi.CounterValue::of).toList();
        ctx.json(new Counters(values, values.size()));
    }

    private static String abbreviate(String key) {
        return key.length() <= 64 ? key : key.substring(0, 64) + "…";
    }
}
