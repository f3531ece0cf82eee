package dev.tally.server.metrics;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_requests_seconds}: every answered request by method, route (the path pattern,
 * {@code /counter/{key}}, so one series per route and not per key) and status, as a Prometheus
 * histogram with a dozen fixed buckets. Recorded from Javalin's request logger, which runs once the
 * answer is complete, asynchronous answers included.
 */
public final class HttpServerMeters {

    public static final String NAME = "http.server.requests";
    /** An answer no route matched (404s for unknown paths): one series for all of them. */
    static final String UNMATCHED = "unmatched";
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    /** One Timer per method, route and status, found without building tags on every request. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    private HttpServerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Call in {@code Javalin.create(config -> …)}; it takes Javalin's one HTTP request logger. */
    public static void install(JavalinConfig config, MeterRegistry registry) {
        HttpServerMeters meters = new HttpServerMeters(registry);
        config.requestLogger.http((ctx, ms) -> meters.record(ctx, ms));
    }

    private void record(Context ctx, Float ms) {
        String method = ctx.method().name();
        String route = routeOf(ctx);
        int status = ctx.statusCode();
        timers.computeIfAbsent(method + ' ' + route + ' ' + status, k -> Timer.builder(NAME)
                        .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry))
                .record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS);
    }

    private static String routeOf(Context ctx) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        return endpoint == null || ctx.statusCode() == 404 && endpoint.path.equals("*") ? UNMATCHED : endpoint.path;
    }
}
