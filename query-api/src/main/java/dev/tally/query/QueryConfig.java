package dev.tally.query;

import dev.tally.server.Env;
import dev.tally.server.http.BearerAuth;
import java.time.Duration;
import java.util.List;

/**
 * How the query API finds the processors, read from environment variables.
 *
 * <ul>
 *   <li>{@code PROCESSOR_URLS} — comma-separated base URLs of processors' internal APIs, only used to
 *       discover the routing (every instance a routing snapshot names is tried later too); default
 *       {@code http://127.0.0.1:8101,http://127.0.0.1:8102}. A URL without scheme gets {@code http://}.</li>
 *   <li>{@code PROCESSOR_TIMEOUT_MS} — connect and answer timeout of one call to a processor; default
 *       1500, short enough that a frozen instance still leaves time to ask its standby.</li>
 *   <li>{@code ROUTING_REFRESH_MS} — the longest a routing snapshot is used before it is fetched again;
 *       default 5000. A failed or refused call refreshes it at once.</li>
 *   <li>{@code READ_DEADLINE_MS} — how long one read or dump keeps trying copies before answering
 *       503; default 3000.</li>
 *   <li>{@code MAX_WAITING_READS} — reads with {@code ?after=} that may wait for their write at once; default
 *       32, beyond it 503 {@code too_many_waiting_reads} at once, so waiting reads cannot take the request
 *       threads the writes need.</li>
 *   <li>{@code INTERNAL_SECRET} or {@code INTERNAL_SECRET_FILE} — the stack's shared secret, sent to the
 *       processors as {@code Authorization: Bearer}; default none (processors without one are open).</li>
 * </ul>
 */
public record QueryConfig(List<String> processorUrls, Duration processorTimeout, Duration routingRefresh,
                          Duration readDeadline, int maxWaitingReads, BearerAuth internalSecret) {

    public static final String DEFAULT_PROCESSOR_URLS = "http://127.0.0.1:8101,http://127.0.0.1:8102";
    public static final int DEFAULT_PROCESSOR_TIMEOUT_MS = 1_500;
    public static final int DEFAULT_ROUTING_REFRESH_MS = 5_000;
    public static final int DEFAULT_READ_DEADLINE_MS = 3_000;
    public static final int DEFAULT_MAX_WAITING_READS = 32;

    public QueryConfig {
        processorUrls = processorUrls.stream().map(QueryConfig::normalize).distinct().toList();
        if (processorUrls.isEmpty()) {
            throw new IllegalArgumentException("PROCESSOR_URLS must name at least one processor");
        }
    }

    public static QueryConfig fromEnv(Env env) {
        return new QueryConfig(
                env.list("PROCESSOR_URLS", DEFAULT_PROCESSOR_URLS),
                Duration.ofMillis(env.integer("PROCESSOR_TIMEOUT_MS", DEFAULT_PROCESSOR_TIMEOUT_MS, 50, 60_000)),
                Duration.ofMillis(env.integer("ROUTING_REFRESH_MS", DEFAULT_ROUTING_REFRESH_MS, 100, 600_000)),
                Duration.ofMillis(env.integer("READ_DEADLINE_MS", DEFAULT_READ_DEADLINE_MS, 100, 60_000)),
                env.integer("MAX_WAITING_READS", DEFAULT_MAX_WAITING_READS, 1, 10_000),
                BearerAuth.fromEnv(env, "INTERNAL_SECRET").orElse(null));
    }

    /** {@code 127.0.0.1:8101/} and {@code http://127.0.0.1:8101} are the same processor. */
    static String normalize(String url) {
        String withScheme = url.contains("://") ? url : "http://" + url;
        return withScheme.endsWith("/") ? withScheme.substring(0, withScheme.length() - 1) : withScheme;
    }
}
