package dev.tally.ingest;

import dev.tally.server.Env;
import dev.tally.domain.KafkaClientConfig;
import java.time.Duration;
import java.util.List;

/**
 * The ingest API's settings, read from environment variables.
 *
 * <ul>
 *   <li>{@code BOOTSTRAP_SERVERS}: brokers to bootstrap from; default {@code 127.0.0.1:9092}.</li>
 *   <li>{@code PRODUCE_TIMEOUT_MS}: the producer's {@code delivery.timeout.ms}, the whole budget for one
 *       increment including retries; default 15000, so a broker failover (which stalls writes ~5 s) is
 *       absorbed by the producer's retries instead of being answered 503.</li>
 *   <li>{@code LINGER_MS}: the producer's {@code linger.ms}; default 20 (Kafka's own is 5). Fewer,
 *       fuller produce requests spare the brokers' CPU, which is what runs out first on a small
 *       machine. Side by side on one warm 2-core stack, three rounds each: at 2,000 increments/s
 *       open loop the brokers took 59–66 % of a core instead of 81–86 % and the p99 was 58–119 ms
 *       instead of 116–225 ms, for a p50 of 17–19 ms instead of 10–14; at 1,024 connections
 *       13,472–15,538 increments/s instead of 11,475–13,696. At low rates a batch seldom fills, so an
 *       increment waits up to this long for its 202: set 5 or less where a lone client's latency
 *       matters more than capacity.</li>
 *   <li>{@code COMPRESSION}: the producers' {@code compression.type} ({@code none}, {@code lz4},
 *       {@code zstd}, {@code snappy}, {@code gzip}); default {@code none}. An increment is a few dozen
 *       bytes and a batch of them gains little, while every compressed batch cost the API a fresh 64 KiB
 *       lz4 buffer (a third of all it allocated at 2,000 increments/s) and the brokers a decompression to
 *       validate it. Worth it where the network to the brokers, not the CPU, is what runs out.</li>
 *   <li>{@code MAX_QUEUE_SIZE}: the most increments the main queue (the increments topic's backlog:
 *       accepted, not yet applied) may hold before new ones are answered 429; default 100000.</li>
 *   <li>{@code SPILLOVER_QUEUE_SIZE}: the same bound for the excess queue of hot keys; default 100000.</li>
 *   <li>{@code EXCESS_THRESHOLD} / {@code EXCESS_WINDOW}: a key with more than this many increments
 *       within this many seconds is hot, and its further increments go to the excess queue;
 *       defaults 50 and 10. Increments a queue refused (429, 503) do not count.</li>
 *   <li>{@code EXCESS_SALTS}: how many sub-keys one hot key is spread over on the excess topic;
 *       default 12 (more than the default 6 partitions, so every partition gets some).</li>
 *   <li>{@code RATE_LIMIT_PER_CLIENT}: requests per second per client ({@code X-Client-Id}, else the
 *       remote address); 0, the default, turns the limit off.</li>
 *   <li>{@code BACKLOG_POLL_MS}: how often the backlogs are read from Kafka; default 150, so the
 *       backlog a decision uses is at most ~250 ms old.</li>
 *   <li>{@code BATCH_MAX_ITEMS}: the most increments one {@code POST /counters/increments} may carry;
 *       default 10000, beyond it 413. Bounds the memory and the time one request holds a thread.</li>
 *   <li>{@code BATCH_MAX_BYTES}: the largest batch body; default 8388608 (8 MiB: 10,000 items with
 *       long keys and idempotency keys), beyond it 413 without reading the rest.</li>
 *   <li>{@code BENCH_ENDPOINTS}: {@code true} adds {@code POST /ceiling/counter/{key}/increment}, which
 *       answers 202 without writing to Kafka, for {@code bin/tally perf ceiling}; default {@code false},
 *       so no real deployment has an endpoint that answers 202 and counts nothing.</li>
 *   <li>{@code KAFKA_CONFIG_FILE}: a Kafka client properties file (SASL, TLS) for the producers and the
 *       admin client; default none (see {@link KafkaClientConfig}).</li>
 * </ul>
 */
public record IngestConfig(
        String bootstrapServers,
        Duration produceTimeout,
        Duration linger,
        String compression,
        long maxQueueSize,
        long spilloverQueueSize,
        int excessThreshold,
        Duration excessWindow,
        int excessSalts,
        int rateLimitPerClient,
        Duration backlogPoll,
        int batchMaxItems,
        int batchMaxBytes,
        boolean benchEndpoints,
        KafkaClientConfig kafkaClient) {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    public static final int DEFAULT_PRODUCE_TIMEOUT_MS = 15_000;
    public static final int DEFAULT_LINGER_MS = 20;

    public static IngestConfig fromEnv(Env env) {
        return new IngestConfig(
                env.string("BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP_SERVERS),
                Duration.ofMillis(env.integer("PRODUCE_TIMEOUT_MS", DEFAULT_PRODUCE_TIMEOUT_MS, 1_000, 600_000)),
                Duration.ofMillis(env.integer("LINGER_MS", DEFAULT_LINGER_MS, 0, 100)),
                env.choice("COMPRESSION", "none", List.of("none", "lz4", "zstd", "snappy", "gzip")),
                env.longValue("MAX_QUEUE_SIZE", 100_000, 1, Long.MAX_VALUE),
                env.longValue("SPILLOVER_QUEUE_SIZE", 100_000, 1, Long.MAX_VALUE),
                env.integer("EXCESS_THRESHOLD", 50, 1, 1_000_000),
                Duration.ofSeconds(env.integer("EXCESS_WINDOW", 10, 1, 3_600)),
                env.integer("EXCESS_SALTS", 12, 1, 1_000),
                env.integer("RATE_LIMIT_PER_CLIENT", 0, 0, 1_000_000),
                Duration.ofMillis(env.integer("BACKLOG_POLL_MS", 150, 10, 10_000)),
                env.integer("BATCH_MAX_ITEMS", 10_000, 1, 1_000_000),
                env.integer("BATCH_MAX_BYTES", 8 << 20, 1_024, 256 << 20),
                flag(env, "BENCH_ENDPOINTS"),
                KafkaClientConfig.ofVariable(env.string(KafkaClientConfig.VARIABLE, null)));
    }

    /** Only "true" or "false" (or unset: false), so a typo cannot switch the benchmark endpoints on unnoticed. */
    private static boolean flag(Env env, String name) {
        String value = env.string(name, "false").toLowerCase(java.util.Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(name + " must be true or false, got \"" + value + "\"");
        }
        return value.equals("true");
    }

    /** The settings a test or a tool starts from: every default, these brokers. */
    public static IngestConfig defaults(String bootstrapServers) {
        return fromEnv(new Env(java.util.Map.of("BOOTSTRAP_SERVERS", bootstrapServers)));
    }

    /**
     * One produce request's timeout. Kafka requires {@code delivery.timeout.ms >= linger.ms +
     * request.timeout.ms}. A third of what is left after lingering: when the leader is cut off (not
     * dead: its connections hang instead of closing), the produce request to it times out, then the
     * metadata request that looks for the new leader may go to the same broker and time out too, and
     * only then does the retry reach the new leader. With half (7.5 s of the 15 s) those two waits
     * used the whole produce timeout and the increment was answered 503 outcome_unknown.
     */
    public Duration requestTimeout() {
        return produceTimeout.minus(linger).dividedBy(3);
    }

    public long limitOf(IngestQueue queue) {
        return queue == IngestQueue.MAIN ? maxQueueSize : spilloverQueueSize;
    }
}
