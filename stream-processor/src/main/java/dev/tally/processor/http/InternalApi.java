package dev.tally.processor.http;

import dev.tally.domain.CounterKeys;
import dev.tally.domain.wire.LocalCounts;
import dev.tally.domain.wire.ProcessorHealth;
import dev.tally.domain.wire.ProcessorStats;
import dev.tally.processor.store.IdempotencyLookup;
import dev.tally.processor.store.LocalQueries;
import dev.tally.processor.topology.IdempotencyKeys;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.BearerAuth;
import dev.tally.server.http.JsonErrors;
import dev.tally.server.http.DumpLimit;
import dev.tally.server.http.JsonServer;
import dev.tally.server.metrics.HttpServerMeters;
import dev.tally.server.metrics.MetricsEndpoint;
import dev.tally.server.http.RequestParams;
import dev.tally.server.http.WindowParams;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The processor's internal HTTP API, spoken to by the query API (and by people with curl).
 * Every error is a JSON {@code {"error": ..., "message": ...}} body. With the stack's INTERNAL_SECRET set,
 * every route but {@code /internal/health} answers 401 {@code unauthorized} without
 * {@code Authorization: Bearer <secret>}.
 *
 * <ul>
 *   <li>{@code GET /internal/health} → {@code ProcessorHealth}; 200 when RUNNING, 503 otherwise (same body)</li>
 *   <li>{@code GET /internal/counter/{key}} → {@code LocalCount}; 400 {@code invalid_key},
 *       409 {@code not_hosted}, 503 {@code store_unavailable}</li>
 *   <li>{@code POST /internal/counters} with {@code {"keys": [...]}} → {@code LocalCounts}, a
 *       {@code LocalCount} per key in order; at most {@value #MAX_KEYS} keys; 400 {@code invalid_body},
 *       {@code invalid_key}, {@code too_many_keys}; 409 {@code not_hosted} if any key's partition is not
 *       held here; 503 {@code store_unavailable}</li>
 *   <li>{@code GET /internal/idempotency/{idempotencyKey}?key={counterKey}} → {@code IdempotentWrite}, the
 *       first write applied with that Idempotency-Key to that counter and not yet expired; 404
 *       {@code not_seen} if this instance's active copy has none (never applied), 404
 *       {@code not_seen_yet} if its standby copy has none (it may lag); 400 {@code invalid_key} /
 *       {@code invalid_idempotency_key}; 409 {@code not_hosted}, 503 {@code store_unavailable}</li>
 *   <li>{@code GET /internal/dump?partitions=0,3} → {@code LocalDump}; without {@code partitions}: the
 *       partitions active here; 400 {@code invalid_partitions}, 409 {@code not_hosted}, 503</li>
 *   <li>{@code GET /internal/counter/{key}/windows?size=1m&from=…&to=…} → {@code LocalWindows}: every window
 *       of that size whose start lies in [from, to] (ISO-8601 or epoch ms; default the last 60 windows);
 *       400 {@code invalid_size}, {@code invalid_time}, {@code invalid_range}, {@code too_many_windows},
 *       {@code unknown_window_size}; 409 {@code not_hosted}, 503 {@code store_unavailable}</li>
 *   <li>{@code GET /internal/top?partitions=0,3&n=10&window=1m} → {@code LocalDump} whose partitions hold
 *       their {@code n} busiest keys and their increments (without {@code window}: the last minutes; without
 *       {@code partitions}: those active here); 400 {@code invalid_n} (1..1000), {@code unknown_window_size},
 *       {@code invalid_partitions}; 409, 503 as the dump</li>
 *   <li>{@code GET /internal/routing} → {@code RoutingSnapshot}; 503 {@code metadata_unavailable}</li>
 *   <li>{@code GET /internal/stats} → {@code ProcessorStats}: this instance's counters since it
 *       started (applied, merged, deadLetters, stale) and its staleThresholdSec; always 200</li>
 *   <li>{@code GET /metrics} → the process's registry in Prometheus' text format</li>
 *   <li>{@code GET /health/live}, {@code GET /health/ready} → the probes ({@link ProcessorProbes})</li>
 * </ul>
 */
public final class InternalApi {

    public static final String RUNNING = "RUNNING";
    /** As many keys as the public {@code /counters} takes in one request. */
    public static final int MAX_KEYS = 1_000;
    static final String HEALTH = "/internal/health";

    private InternalApi() {
    }

    /**
     * The app, not started: {@code app.start()} binds host:port.
     *
     * @param stats        asked on every {@code /internal/stats} request; must be cheap and thread-safe
     * @param registry     the process's registry: {@code GET /metrics}, and the HTTP meters of this server
     * @param beforeScrape run before each {@code GET /metrics} (gauges with one series per partition held)
     */
    public static Javalin create(LocalQueries queries, Supplier<ProcessorStats> stats, PrometheusMeterRegistry registry,
                                 Runnable beforeScrape, String host, int port) {
        return create(queries, stats, registry, beforeScrape, host, port, null);
    }

    /** @param secret INTERNAL_SECRET: required on every route but the health checks; null for none */
    public static Javalin create(LocalQueries queries, Supplier<ProcessorStats> stats, PrometheusMeterRegistry registry,
                                 Runnable beforeScrape, String host, int port, BearerAuth secret) {
        return Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            JsonServer.configure(config);
            HttpServerMeters.install(config, registry);
            // Every route but the health checks and /metrics is behind the secret, the window routes included.
        if (secret != null) {
                // Health checks and metrics tell nothing about the counts, and the launcher's checks and
                // Prometheus' scrapes carry no secret.
                secret.install(config.routes, path -> path.equals(HEALTH) || path.startsWith("/health") || path.equals("/metrics"));
            }
            MetricsEndpoint.addRoute(config.routes, registry, beforeScrape);
            config.routes.get(HEALTH, ctx -> health(ctx, queries));
            ProcessorProbes.addRoutes(config.routes, queries);
            config.routes.get("/internal/counter/{key}", ctx -> ctx.json(queries.lookup(validKey(ctx.pathParam("key")))));
            config.routes.get("/internal/counter/{key}/windows", ctx -> ctx.json(queries.windows(validKey(ctx.pathParam("key")),
                    WindowParams.range(ctx.queryParam("size"), ctx.queryParam("from"), ctx.queryParam("to"), System.currentTimeMillis()))));
            config.routes.get("/internal/top", ctx -> ctx.json(queries.top(partitions(ctx, queries),
                    blankToNull(ctx.queryParam("window")), WindowParams.topN(ctx.queryParam("n")))));
            config.routes.post("/internal/counters", ctx -> ctx.json(new LocalCounts(queries.lookupAll(keys(ctx)))));
            config.routes.get("/internal/idempotency/{idempotencyKey}", ctx -> idempotentWrite(ctx, queries));
            config.routes.get("/internal/dump", ctx -> dump(ctx, queries));
            config.routes.get("/internal/routing", ctx -> ctx.json(queries.routing()));
            config.routes.get("/internal/stats", ctx -> ctx.json(stats.get()));
            JsonErrors.install(config.routes);
        });
    }

    private static void health(Context ctx, LocalQueries queries) {
        ProcessorHealth health = queries.health();
        ctx.status(RUNNING.equals(health.state()) ? 200 : 503).json(health);
    }

    private static String validKey(String key) {
        CounterKeys.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_key", problem);
        });
        return key;
    }

    private static List<String> keys(Context ctx) {
        List<String> keys = RequestParams.keyList(ctx.body());
        if (keys.size() > MAX_KEYS) {
            throw ApiException.badRequest("too_many_keys", "at most " + MAX_KEYS + " keys per call, got " + keys.size());
        }
        keys.forEach(InternalApi::validKey);
        return keys;
    }

    private static void idempotentWrite(Context ctx, LocalQueries queries) {
        String idempotencyKey = ctx.pathParam("idempotencyKey");
        IdempotencyKeys.problemWith(idempotencyKey).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_idempotency_key", problem);
        });
        String counterKey = validKey(ctx.queryParam("key"));
        IdempotencyLookup lookup = queries.idempotentWrite(counterKey, idempotencyKey);
        ctx.json(lookup.found().orElseThrow(() -> lookup.fromActive()
                ? new ApiException(404, "not_seen", "no increment of this counter with this idempotency key was applied"
                        + " within the retention")
                : new ApiException(404, "not_seen_yet", "this standby copy holds no increment of this counter with this"
                        + " idempotency key; it copies the active's changelog behind it, so ask the active copy")));
    }

    private static void dump(Context ctx, LocalQueries queries) {
        List<Integer> partitions = partitions(ctx, queries);
        String after = ctx.queryParam("after");
        String limit = ctx.queryParam("limit");
        ctx.json(after == null && limit == null ? queries.dump(partitions)
                : queries.dump(partitions, after == null || after.isEmpty() ? null : after, DumpLimit.parse(limit)));
    }

    /** {@code ?partitions=}, or the partitions active here. */
    private static List<Integer> partitions(Context ctx, LocalQueries queries) {
        String param = ctx.queryParam("partitions");
        return param == null || param.isBlank() ? queries.activePartitions() : parsePartitions(param);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** {@code "0, 3,3"} → [0, 3]: sorted, without repeats. */
    static List<Integer> parsePartitions(String param) {
        TreeSet<Integer> partitions = new TreeSet<>();
        for (String item : param.split(",", -1)) {
            String text = item.strip();
            int partition;
            try {
                partition = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw invalidPartitions(param);
            }
            if (partition < 0) {
                throw invalidPartitions(param);
            }
            partitions.add(partition);
        }
        return List.copyOf(partitions);
    }

    private static ApiException invalidPartitions(String param) {
        String shown = param.length() <= 64 ? param : param.substring(0, 64) + "…";
        return ApiException.badRequest("invalid_partitions",
                "partitions must be a comma-separated list of partition numbers, got \"" + shown + "\"");
    }
}
