package dev.tally.api;

import dev.tally.ingest.IngestConfig;
import dev.tally.query.QueryConfig;
import dev.tally.server.Env;
import dev.tally.server.http.BearerAuth;
import java.util.Arrays;
import java.util.List;

/**
 * Configuration of the API process, from environment variables.
 *
 * @param host   HOST, default 127.0.0.1: the stack is for this machine; set 0.0.0.0 to expose it
 * @param port   PORT, default 8000: the one base URL for increments and reads, shared by all API replicas
 * @param adminPort ADMIN_PORT, default 0 (none): this replica's own port, for health checks
 * @param replicas  API_REPLICA_ID (default 1) and API_REPLICA_URLS (every replica's admin base URL,
 *                  comma-separated, replica 1 first; default none): what {@code /status} lists
 * @param maxThreads MAX_THREADS, default 200 (Jetty's): request threads; they also answer acknowledged writes
 * @param apiToken API_TOKEN or API_TOKEN_FILE (a file holding it), default none: when set, every route but
 *                 {@code /health*} and the dashboard page's files needs {@code Authorization: Bearer <token>}; null when the API is open
 * @param ingest the ingest side (BOOTSTRAP_SERVERS, PRODUCE_TIMEOUT_MS, …; see IngestConfig)
 * @param query  the query side (PROCESSOR_URLS, …; see QueryConfig)
 */
public record ApiServerConfig(String host, int port, int adminPort, ApiReplicas replicas, int maxThreads,
                              BearerAuth apiToken, IngestConfig ingest, QueryConfig query) {

    public static ApiServerConfig fromEnv(Env env) {
        String urls = env.string("API_REPLICA_URLS", "");
        return new ApiServerConfig(
                env.string("HOST", "127.0.0.1"),
                env.integer("PORT", 8000, 1, 65535),
                env.integer("ADMIN_PORT", 0, 0, 65535),
                new ApiReplicas(env.integer("API_REPLICA_ID", 1, 1, 64),
                        urls.isBlank() ? List.of() : Arrays.stream(urls.split(",")).map(String::strip).toList()),
                env.integer("MAX_THREADS", 200, 8, 10_000),
                BearerAuth.fromEnv(env, "API_TOKEN").orElse(null),
                IngestConfig.fromEnv(env),
                QueryConfig.fromEnv(env));
    }
}
