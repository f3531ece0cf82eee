package dev.tally.api;

import dev.tally.ingest.IngestApi;
import dev.tally.query.QueryApi;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.BearerAuth;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live dashboard: the page at {@code /} (static files in this jar's {@code dashboard/} folder,
 * nothing fetched from elsewhere) and {@code GET /dashboard.json}, which the page reads once a second.
 * The page itself carries no figures, so it is served without API_TOKEN; it asks for the token and
 * sends it on its data requests.
 */
final class Dashboard {

    static final String DATA = "/dashboard.json";
    /** {@code ?scope=replica}: this replica's own traffic only, what a sibling asks for. */
    static final String SCOPE_REPLICA = "replica";
    /** The page's files: open like {@code /health}, they hold no data. */
    private static final Set<String> PAGE = Set.of("/", "/index.html", "/dashboard.js", "/dashboard.css");

    private final IngestApi ingest;
    private final QueryApi query;
    private final ApiReplicas replicas;
    private final DashboardTraffic traffic;
    private final SiblingTraffic siblings;
    private final ProcessorRoster roster = new ProcessorRoster();

    private Dashboard(IngestApi ingest, QueryApi query, ApiReplicas replicas, DashboardTraffic traffic, SiblingTraffic siblings) {
        this.ingest = ingest;
        this.query = query;
        this.replicas = replicas;
        this.traffic = traffic;
        this.siblings = siblings;
    }

    /** Whether a path is one of the page's own files, served without API_TOKEN. */
    static boolean isPage(String path) {
        return PAGE.contains(path);
    }

    /** Serves the page and its data, and reads this replica's traffic once a second from now on. */
    static void install(JavalinConfig config, IngestApi ingest, QueryApi query, ApiReplicas replicas,
                        MeterRegistry registry, BearerAuth apiToken) {
        DashboardTraffic traffic = new DashboardTraffic(registry);
        sampleEverySecond(traffic);
        install(config, new Dashboard(ingest, query, replicas, traffic,
                new SiblingTraffic(replicas, apiToken, SiblingTraffic.TIMEOUT)));
    }

    static void install(JavalinConfig config, Dashboard dashboard) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/dashboard";
            files.location = Location.CLASSPATH;
            // The page is small and changes with the jar: always the one of the running version.
            files.headers = java.util.Map.of("Cache-Control", "no-cache");
        });
        config.routes.get(DATA, dashboard::answer);
    }

    /**
     * For tests: a dashboard whose traffic is read when the test says so, and whose siblings may take
     * longer than a second (a test JVM's first request to one is slow).
     */
    static Dashboard of(IngestApi ingest, QueryApi query, ApiReplicas replicas, DashboardTraffic traffic) {
        return new Dashboard(ingest, query, replicas, traffic, new SiblingTraffic(replicas, null, Duration.ofSeconds(10)));
    }

    private static void sampleEverySecond(DashboardTraffic traffic) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dashboard-traffic");
            thread.setDaemon(true); // a reading a second is no reason to keep a stopping API alive
            return thread;
        });
        timer.scheduleAtFixedRate(() -> traffic.sample(System.currentTimeMillis() / 1000), 0, 1, TimeUnit.SECONDS);
    }

    private void answer(Context ctx) {
        String scope = ctx.queryParam("scope");
        if (scope != null && !scope.equals(SCOPE_REPLICA) && !scope.equals("stack")) {
            throw ApiException.badRequest("invalid_scope", "scope must be stack (the default) or replica");
        }
        if (SCOPE_REPLICA.equals(scope)) {
            ctx.json(new DashboardView(replicas.self(), List.of(replicas.self()), traffic.traffic(), null, null));
            return;
        }
        ApiStatus status = ApiStatus.of(ingest, query, replicas);
        DashboardTraffic.Traffic total = traffic.traffic();
        List<Integer> counted = new ArrayList<>(List.of(replicas.self()));
        for (SiblingTraffic.ReplicaTraffic sibling : siblings.ask()) {
            total = total.plus(sibling.traffic());
            counted.add(sibling.replica());
        }
        counted.sort(Integer::compare);
        ctx.json(new DashboardView(replicas.self(), counted, total, status, roster.health(status.processors())));
    }
}
