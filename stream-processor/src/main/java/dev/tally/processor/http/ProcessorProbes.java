package dev.tally.processor.http;

import dev.tally.processor.store.LocalQueries;
import dev.tally.server.http.ApiException;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A processor's probes:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while Kafka Streams is RUNNING or REBALANCING (a rebalance is part of
 *       normal life); 503 {@code not_live} otherwise (CREATED, PENDING_SHUTDOWN, ERROR…): restarting may help;</li>
 *   <li>{@code GET /health/ready}: 200 only when RUNNING and every active copy held here has restored its
 *       store (lag 0), so reads routed here are answered from a store that is current; 503 {@code not_ready}.</li>
 * </ul>
 */
public final class ProcessorProbes {

    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    private static final Set<String> LIVE_STATES = Set.of("RUNNING", "REBALANCING");

    private ProcessorProbes() {
    }

    static void addRoutes(RoutesConfig routes, LocalQueries queries) {
        routes.get(LIVE, ctx -> {
            String state = queries.health().state();
            if (!LIVE_STATES.contains(state)) {
                throw ApiException.unavailable("not_live", "Kafka Streams is " + state + ", neither RUNNING nor REBALANCING")
                        .withDetail("state", state);
            }
            ctx.json(Map.of("status", "live", "state", state));
        });
        routes.get(READY, ctx -> {
            String state = queries.health().state();
            if (!InternalApi.RUNNING.equals(state)) {
                throw ApiException.unavailable("not_ready", "Kafka Streams is " + state + ", not RUNNING")
                        .withDetail("state", state);
            }
            List<Integer> restoring = restoring(queries);
            if (!restoring.isEmpty()) {
                throw ApiException.unavailable("not_ready", "the store of active partition" + (restoring.size() == 1 ? " " : "s ")
                        + restoring + " is not restored yet (or its lag is unknown)").withDetail("restoring", restoring);
            }
            ctx.json(Map.of("status", "ready", "state", state));
        });
    }

    /** Active partitions whose store lag is not known to be 0. */
    private static List<Integer> restoring(LocalQueries queries) {
        Map<Integer, Long> lags = queries.storeLags();
        return queries.activePartitions().stream().filter(p -> !Long.valueOf(0).equals(lags.get(p))).toList();
    }
}
