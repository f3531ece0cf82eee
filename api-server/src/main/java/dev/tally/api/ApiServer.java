package dev.tally.api;

import dev.tally.ingest.IngestApi;
import dev.tally.query.QueryApi;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.Env;
import dev.tally.server.http.BearerAuth;
import dev.tally.server.http.JsonErrors;
import dev.tally.server.http.JsonServer;
import dev.tally.server.metrics.HttpServerMeters;
import dev.tally.server.metrics.MetricsEndpoint;
import dev.tally.server.metrics.ProcessMeters;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.util.Map;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one base URL users talk to: the ingest API's writes and the query API's reads in one
 * Javalin server, so a client needs one base URL for both. Several of these processes can
 * listen on the same port (SO_REUSEPORT): the kernel spreads connections over them, which is how
 * {@code bin/tally up --api-replicas N} scales the API without a proxy.
 */
public final class ApiServer {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private ApiServer() {
    }

    /** The routes of a lone API, on any Javalin config (tests use an ephemeral port). */
    public static void routes(JavalinConfig config, IngestApi ingest, QueryApi query, ConsistencyMetrics metrics) {
        routes(config, ingest, query, metrics, ApiReplicas.alone());
    }

    /** @param replicas this replica and its siblings, for {@code GET /status} */
    public static void routes(JavalinConfig config, IngestApi ingest, QueryApi query, ConsistencyMetrics metrics,
                              ApiReplicas replicas) {
        routes(config, ingest, query, metrics, replicas, null);
    }

    /** @param apiToken API_TOKEN: required on every route but {@code /health*} and the dashboard page; null for an open API */
    public static void routes(JavalinConfig config, IngestApi ingest, QueryApi query, ConsistencyMetrics metrics,
                              ApiReplicas replicas, BearerAuth apiToken) {
        JsonServer.configure(config);
        if (apiToken != null) {
            // Health checks (load balancers, the launcher, sibling replicas) carry no token and learn nothing from it;
            // nor does the dashboard page, which asks for the token and sends it for its data.
            apiToken.install(config.routes, path -> path.startsWith("/health") || Dashboard.isPage(path));
        }
        HttpServerMeters.install(config, metrics.registry());
        MetricsEndpoint.addRoute(config.routes, metrics.registry());
        config.routes.get("/health", ctx -> ctx.json(Map.of("status", "api up")));
        ApiProbes.addRoutes(config.routes, ingest, query);
        OpenApiDocument.addRoute(config.routes);
        config.routes.get("/status", ctx -> ctx.json(ApiStatus.of(ingest, query, replicas)));
        config.routes.get("/consistency-metrics", ctx -> ctx.json(metrics.snapshot()));
        Dashboard.install(config, ingest, query, replicas, metrics.registry(), apiToken);
        ingest.addRoutes(config.routes);
        query.addRoutes(config.routes);
        query.refuseTokensPast(ingest.tokenHorizon());
        JsonErrors.install(config.routes);
    }

    /**
     * Listens with SO_REUSEPORT on the public port, so that every API replica can bind it, and
     * (if set) on this replica's own admin port, so a health check reaches this replica.
     */
    private static void listen(JavalinConfig config, ApiServerConfig server) {
        config.jetty.addConnector((jetty, http) -> connector(jetty, http, server.host(), server.port(), true));
        if (server.adminPort() > 0) {
            config.jetty.addConnector((jetty, http) -> connector(jetty, http, server.host(), server.adminPort(), false));
        }
    }

    /** Connections the kernel holds for the acceptor; it caps this at net.core.somaxconn (4096 by default). */
    static final int ACCEPT_QUEUE = 4096;

    private static ServerConnector connector(Server jetty, HttpConfiguration http, String host, int port, boolean shared) {
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setReusePort(shared);
        // Jetty's default (0) leaves the kernel's listen backlog at 50: a thousand clients connecting at
        // once had their SYNs dropped and waited out retransmissions (seconds) or timed out connecting.
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        return connector;
    }

    private static Throwable rootCause(Throwable e) {
        return e.getCause() == null ? e : rootCause(e.getCause());
    }

    public static void main(String[] args) {
        ApiServerConfig config;
        try {
            config = ApiServerConfig.fromEnv(Env.system());
        } catch (IllegalArgumentException e) {
            System.err.println("tally api: " + e.getMessage());
            System.exit(2);
            return;
        }
        // The process's one registry: GET /metrics, and every figure the JSON endpoints show.
        ConsistencyMetrics metrics = new ConsistencyMetrics(ProcessMeters.create("api"));
        QueryApi query = QueryApi.fromConfig(config.query(), metrics);
        // One pool for Jetty's request threads and for answering acknowledged writes (see IncrementLog).
        QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), 8, 60_000);
        threads.setName("api");
        IngestApi ingest = IngestApi.fromConfig(config.ingest(), metrics, query.idempotentWrites(), query.readBack(), threads);
        Javalin app;
        try {
            app = Javalin.create(javalin -> {
                javalin.jetty.threadPool = threads;
                routes(javalin, ingest, query, metrics, config.replicas(), config.apiToken());
                listen(javalin, config);
            }).start();
        } catch (RuntimeException e) {
            System.err.println("tally api: cannot listen on " + config.host() + ":" + config.port() + ": " + rootCause(e).getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            ingest.close();
            query.close();
        }, "api-shutdown"));
        log.info("api started on http://{}:{}", config.host(), config.port());
    }
}
