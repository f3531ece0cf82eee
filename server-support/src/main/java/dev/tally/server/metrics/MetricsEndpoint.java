package dev.tally.server.metrics;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: the process's registry in Prometheus' text exposition format. */
public final class MetricsEndpoint {

    public static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsEndpoint() {
    }

    public static void addRoute(RoutesConfig routes, PrometheusMeterRegistry registry) {
        addRoute(routes, registry, () -> { });
    }

    /** @param beforeScrape brings gauges whose set of series changes (one per partition held) up to date */
    public static void addRoute(RoutesConfig routes, PrometheusMeterRegistry registry, Runnable beforeScrape) {
        routes.get(PATH, ctx -> {
            beforeScrape.run();
            ctx.contentType(CONTENT_TYPE).result(registry.scrape());
        });
    }
}
