package dev.tally.ingest;

import dev.tally.common.Env;
import java.time.Duration;

/**
 * How the ingest API reaches Kafka, read from environment variables.
 *
 * <ul>
 *   <li>{@code BOOTSTRAP_SERVERS} — brokers to bootstrap from; default {@code 127.0.0.1:19091}.</li>
 *   <li>{@code PRODUCE_TIMEOUT_MS} — the producer's {@code delivery.timeout.ms}, the whole budget for one
 *       increment including retries; default 15000, so a broker failover (which stalls writes ~5 s) is
 *       absorbed by the producer's retries instead of being answered 503.</li>
 *   <li>{@code LINGER_MS} — the producer's {@code linger.ms}; default 2, enough to batch concurrent
 *       increments without adding noticeable latency to a single one.</li>
 * </ul>
 */
public record IngestConfig(String bootstrapServers, Duration produceTimeout, Duration linger) {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:19091";
    public static final int DEFAULT_PRODUCE_TIMEOUT_MS = 15_000;
    public static final int DEFAULT_LINGER_MS = 2;

    public static IngestConfig fromEnv(Env env) {
        return new IngestConfig(
                env.string("BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP_SERVERS),
                Duration.ofMillis(env.integer("PRODUCE_TIMEOUT_MS", DEFAULT_PRODUCE_TIMEOUT_MS, 1_000, 600_000)),
                Duration.ofMillis(env.integer("LINGER_MS", DEFAULT_LINGER_MS, 0, 100)));
    }

    /**
     * One produce request's timeout. Kafka requires {@code delivery.timeout.ms >= linger.ms +
     * request.timeout.ms}; half of what is left after lingering leaves room for at least one retry
     * against a new leader when a request to a dying broker hangs.
     */
    public Duration requestTimeout() {
        return produceTimeout.minus(linger).dividedBy(2);
    }
}
