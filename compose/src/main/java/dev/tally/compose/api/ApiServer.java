package dev.tally.compose.api;

import dev.tally.common.Env;
import dev.tally.common.http.JsonErrors;
import dev.tally.ingest.IngestApi;
import dev.tally.query.QueryApi;
import io.javalin.Javalin;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one base URL users talk to: the ingest API's writes and the query API's reads in one
 * Javalin server, as seed 000's single port 8000 serves both.
 */
public final class ApiServer {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private ApiServer() {
    }

    public static Javalin create(IngestApi ingest, QueryApi query) {
        return Javalin.create(config -> {
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "api up")));
            config.routes.get("/status", ctx -> ctx.json(ApiStatus.of(ingest, query)));
            ingest.addRoutes(config.routes);
            query.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
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
        IngestApi ingest = IngestApi.fromConfig(config.ingest());
        QueryApi query = QueryApi.fromConfig(config.query());
        Javalin app;
        try {
            app = create(ingest, query).start(config.host(), config.port());
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
