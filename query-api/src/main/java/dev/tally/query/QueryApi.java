package dev.tally.query;

import dev.tally.domain.Consistency;
import dev.tally.domain.CounterKeys;
import dev.tally.domain.WriteToken;
import dev.tally.domain.wire.LocalCount;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.DumpLimit;
import dev.tally.server.http.RequestParams;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /counter/{key}}, {@code GET|POST /counters} ({@link MultiGet}), {@code GET /counter/{key}/windows}
 * ({@link CounterWindows}), {@code GET /top} ({@link TopKeys}) and {@code GET /dump}: answered from the processors' local stores via
 * whichever copy is reachable (see {@link RoutedCounterReader}).
 */
public final class QueryApi implements AutoCloseable {

    /** The body of {@code GET /counter/{key}}. */
    public record CounterValue(String key, long value, int partition, String instance, String role, Long lag) {

        static CounterValue of(LocalCount count) {
            return new CounterValue(count.key(), count.value(), count.partition(), count.instance(), count.role(), count.lag());
        }
    }

    /**
     * The body of {@code GET /dump}: every counter, sorted by key; with {@code limit} or {@code after},
     * one page of them and {@code next}, the {@code after} of the next page (null after the last).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record CounterDump(Map<String, Long> counters, int count, String next) {
    }

    private final CounterReader reader;
    private final ConsistencyMetrics metrics;
    private final ReadMeters reads;
    private final WaitingReads waiting;
    private volatile TokenHorizon horizon = TokenHorizon.NONE;

    public QueryApi(CounterReader reader) {
        this(reader, new ConsistencyMetrics());
    }

    public QueryApi(CounterReader reader, ConsistencyMetrics metrics) {
        this(reader, metrics, QueryConfig.DEFAULT_MAX_WAITING_READS);
    }

    /** @param maxWaitingReads MAX_WAITING_READS: reads with {@code ?after=} allowed to wait at once */
    public QueryApi(CounterReader reader, ConsistencyMetrics metrics, int maxWaitingReads) {
        this.reader = reader;
        this.metrics = metrics;
        this.reads = new ReadMeters(metrics.registry());
        this.waiting = new WaitingReads(maxWaitingReads);
    }

    /** HTTP to the processors named in the config; {@link #close()} releases the client. */
    public static QueryApi fromConfig(QueryConfig config, ConsistencyMetrics metrics) {
        return new QueryApi(RoutedCounterReader.fromConfig(config), metrics, config.maxWaitingReads());
    }

    /** The processors' record of idempotent writes, which the ingest side asks before writing a retried POST. */
    public IdempotentWrites idempotentWrites() {
        return reader::findWrite;
    }

    /** Why some reads cannot be routed now (see {@link CounterReader#routingProblem}), for the API's readiness. */
    public Optional<String> routingProblem() {
        return reader.routingProblem();
    }

    /** Read-your-writes for the ingest side's add-and-get ({@code ?return=value}): any copy that has the write. */
    public ReadBack readBack() {
        return (key, token) -> reader.read(key, new ReadPolicy(Consistency.EVENTUAL, null, token));
    }

    /** From now on a read whose {@code after} token lies past its log's end is refused with 400 {@code token_from_the_future}. */
    public void refuseTokensPast(TokenHorizon logEnds) {
        this.horizon = logEnds;
    }

    /** The processors behind the reads, for {@code GET /status}. */
    public List<ProcessorView> processors() {
        return reader.processors();
    }

    public void addRoutes(RoutesConfig routes) {
        routes.get("/counter/{key}", this::counter);
        routes.get("/dump", this::dump);
        MultiGet multiGet = new MultiGet(reader, metrics);
        routes.get("/counters", multiGet::get);
        routes.post("/counters", multiGet::post);
        routes.get("/counter/{key}/windows", new CounterWindows(reader)::get);
        routes.get("/top", new TopKeys(reader)::get);
    }

    private void counter(Context ctx) {
        String key = ctx.pathParam("key");
        CounterKeys.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_key", problem);
        });
        ReadPolicy policy = new ReadPolicy(RequestParams.consistency(ctx.queryParam("consistency"), Consistency.EVENTUAL),
                maxLag(ctx.queryParam("max_lag")), after(ctx.queryParam("after"), key));
        long start = System.nanoTime();
        if (policy.after() == null) {
            // Answered when the processor's answer comes, without a request thread waiting for it.
            ctx.future(() -> reader.readAsync(key, policy)
                    .whenComplete((count, failure) -> recordRead(policy, start, count, AsyncCalls.cause(failure)))
                    .thenAccept(count -> ctx.json(CounterValue.of(count))));
            return;
        }
        LocalCount count;
        try {
            // A read-your-writes read may wait for its write: a bounded number of them at once.
            count = waiting.run(() -> {
                horizon.pastLogEnd(policy.after()).ifPresent(problem -> {
                    throw ApiException.badRequest("token_from_the_future", problem);
                });
                return reader.read(key, policy);
            });
        } catch (ApiException e) {
            recordRead(policy, start, null, e);
            throw e;
        }
        recordRead(policy, start, count, null);
        ctx.json(CounterValue.of(count));
    }

    /** The read's latency and outcome, in the consistency metrics and the read meters. */
    private void recordRead(ReadPolicy policy, long start, LocalCount count, Throwable failure) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (failure == null) {
            metrics.record(ConsistencyMetrics.Operation.READ, policy.level(), took, false);
            reads.record(count.role(), ReadMeters.OK, policy.after() != null, took);
        } else if (failure instanceof ApiException e) {
            metrics.record(ConsistencyMetrics.Operation.READ, policy.level(), took, e.status() >= 500);
            reads.record(null, e.error(), policy.after() != null, took);
        }
    }

    static Long maxLag(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            long lag = Long.parseLong(text.strip());
            if (lag >= 0) {
                return lag;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("invalid_max_lag", "max_lag must be a whole number of records, 0 or more");
    }

    /** The read-your-writes token of a 202 for this key, or null for none. */
    private static WriteToken after(String text, String key) {
        if (text == null || text.isBlank()) {
            return null;
        }
        WriteToken token;
        try {
            token = WriteToken.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_token", e.getMessage());
        }
        token.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("token_mismatch", problem);
        });
        return token;
    }

    private void dump(Context ctx) throws java.io.IOException {
        String after = ctx.queryParam("after");
        String limit = ctx.queryParam("limit");
        if (DumpStream.asked(ctx)) {
            DumpStream.write(ctx, reader, after == null || after.isEmpty() ? null : after);
            return;
        }
        if (after == null && limit == null) {
            Map<String, Long> counters = new TreeMap<>(reader.dumpAll());
            ctx.json(new CounterDump(counters, counters.size(), null));
            return;
        }
        DumpPage page = reader.dumpPage(after == null || after.isEmpty() ? null : after, DumpLimit.parse(limit));
        ctx.json(new CounterDump(page.counters(), page.counters().size(), page.next()));
    }

    @Override
    public void close() {
        reader.close();
    }
}
