package dev.tally.api;

import dev.tally.ingest.IngestApi;
import dev.tally.query.QueryApi;
import dev.tally.server.http.ApiException;
import io.javalin.config.RoutesConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The API's probes, for a launcher, a load balancer or Kubernetes:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process serves HTTP at all (a restart would not help otherwise);</li>
 *   <li>{@code GET /health/ready}: 200 only while Kafka answers (a cluster reading younger than 5 s) and an active
 *       copy of every partition is known, so increments can be written and reads routed; else 503
 *       {@code not_ready}, its {@code details.problems} saying what is missing.</li>
 * </ul>
 */
public final class ApiProbes {

    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";

    private ApiProbes() {
    }

    static void addRoutes(RoutesConfig routes, IngestApi ingest, QueryApi query) {
        routes.get(LIVE, ctx -> ctx.json(Map.of("status", "live")));
        routes.get(READY, ctx -> {
            List<String> problems = new ArrayList<>();
            ingest.kafkaProblem().ifPresent(problems::add);
            query.routingProblem().ifPresent(problems::add);
            if (!problems.isEmpty()) {
                throw ApiException.unavailable("not_ready", "this API replica cannot serve yet: " + String.join("; ", problems))
                        .withDetail("problems", problems);
            }
            ctx.json(Map.of("status", "ready"));
        });
    }
}
