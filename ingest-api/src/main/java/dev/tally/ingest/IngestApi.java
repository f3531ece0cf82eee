package dev.tally.ingest;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.tally.common.Consistency;
import dev.tally.common.ConsistencyMetrics;
import dev.tally.common.CounterKeys;
import dev.tally.common.ExcessKeys;
import dev.tally.common.http.ApiException;
import dev.tally.common.wire.IdempotentWrite;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /counter/{key}/increment[?by=N]}: validates, picks the queue (main, or excess for a
 * hot key), admits the increment only while that queue has room, appends it and answers 202 only
 * once Kafka acknowledged the write, so a 202 means the increment will be counted.
 */
public final class IngestApi implements AutoCloseable {

    private final IncrementLog log;
    private final QueueGate gate;
    private final HotKeyDetector hotKeys;
    private final ClientRateLimiter rateLimiter;
    private final SaltPicker salts;
    private final ConsistencyMetrics metrics;
    private final IdempotencyLookup idempotency;

    public IngestApi(IncrementLog log, IngestConfig config, BacklogSource backlog) {
        this(log, config, backlog, new ConsistencyMetrics(), IdempotencyLookup.NONE);
    }

    public IngestApi(IncrementLog log, IngestConfig config, BacklogSource backlog,
                     ConsistencyMetrics metrics, IdempotencyLookup idempotency) {
        this.log = log;
        this.metrics = metrics;
        this.idempotency = idempotency;
        this.gate = new QueueGate(backlog, Map.of(
                IngestQueue.MAIN, config.maxQueueSize(),
                IngestQueue.EXCESS, config.spilloverQueueSize()), Clock.systemUTC());
        this.hotKeys = new HotKeyDetector(config.excessThreshold(), config.excessWindow(), Ticker.systemTicker());
        this.rateLimiter = new ClientRateLimiter(config.rateLimitPerClient());
        this.salts = SaltPicker.sticky(config.excessSalts());
    }

    /** Connects real Kafka producers and a backlog reader; {@link #close()} releases them. */
    public static IngestApi fromConfig(IngestConfig config, ConsistencyMetrics metrics, IdempotencyLookup idempotency) {
        IngestApi api = new IngestApi(IncrementLog.connect(config), config, new KafkaBacklogSource(config.bootstrapServers()),
                metrics, idempotency);
        api.gate.start(config.backlogPoll());
        return api;
    }

    public void addRoutes(RoutesConfig routes) {
        routes.post("/counter/{key}/increment", this::increment);
    }

    /** The backlog gate, for tests that drive its readings by hand. */
    QueueGate gate() {
        return gate;
    }

    private void increment(Context ctx) {
        String key = ctx.pathParam("key");
        CounterKeys.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_key", problem);
        });
        long by = parseBy(ctx.queryParam("by"));
        Consistency level = Consistency.parse(ctx.queryParam("consistency"), Consistency.STRONG);
        String idempotencyKey = idempotencyKeyOf(ctx);
        rateLimiter.check(clientOf(ctx));
        if (idempotencyKey != null) {
            Optional<IdempotentWrite> earlier = idempotency.find(idempotencyKey, key);
            if (earlier.isPresent()) {
                IdempotentWrite w = earlier.get();
                ctx.header("Idempotent-Replay", "true").status(202).json(IncrementAccepted.of(
                        w.key(), w.by(), IngestQueue.MAIN, w.topic(), w.partition(), w.offset(),
                        gate.leaderOf(IngestQueue.MAIN, w.partition())));
                return;
            }
        }
        // An idempotent increment stays on the main queue: it is de-duplicated where its counter is counted.
        IngestQueue queue = idempotencyKey == null && hotKeys.recordAndCheck(key) ? IngestQueue.EXCESS : IngestQueue.MAIN;
        String recordKey = queue == IngestQueue.MAIN ? key : ExcessKeys.salted(key, salts.next());
        long start = System.nanoTime();
        if (level == Consistency.STRONG) {
            try {
                gate.requireQuorum(queue, recordKey);
            } catch (ApiException e) {
                metrics.record(ConsistencyMetrics.Operation.WRITE, level, Duration.ofNanos(System.nanoTime() - start), true);
                throw e;
            }
        }
        gate.admit(queue);
        ctx.future(() -> log.append(level, queue, recordKey, by, idempotencyKey)
                .whenComplete((written, failure) -> {
                    gate.finished(queue, failure == null);
                    metrics.record(ConsistencyMetrics.Operation.WRITE, level, Duration.ofNanos(System.nanoTime() - start), failure != null);
                })
                .exceptionally(failure -> {
                    throw KafkaErrors.toApiException(failure);
                })
                .thenAccept(written -> ctx.status(202).json(IncrementAccepted.of(
                        key, by, queue, written.topic(), written.partition(), written.offset(),
                        gate.leaderOf(queue, written.partition())))));
    }

    /** The optional {@code Idempotency-Key} header: printable text of at most 200 characters. */
    private static String idempotencyKeyOf(Context ctx) {
        String value = ctx.header("Idempotency-Key");
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > 200 || value.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_idempotency_key",
                    "Idempotency-Key must be 1 to 200 printable characters");
        }
        return value;
    }

    /** Seed 003's client identity: an explicit id if the client sends one, else where it connects from. */
    private static String clientOf(Context ctx) {
        String id = ctx.header("X-Client-Id");
        return id != null && !id.isBlank() ? id.strip() : ctx.ip();
    }

    /** {@code by} is optional (default 1), and a non-zero 64-bit integer: zero would be a write that counts nothing. */
    static long parseBy(String text) {
        if (text == null) {
            return 1;
        }
        long by;
        try {
            by = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_by",
                    "by must be a non-zero 64-bit integer, got \"" + abbreviate(text) + "\"");
        }
        if (by == 0) {
            throw ApiException.badRequest("invalid_by", "by must not be zero");
        }
        return by;
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    /** The queues, the hot keys and the rate limit as {@code GET /status} shows them. */
    public IngestStatus status() {
        return new IngestStatus(gate.liveBrokers(),
                List.of(gate.status(IngestQueue.MAIN), gate.status(IngestQueue.EXCESS)),
                hotKeys.hotKeys(),
                new IngestStatus.RateLimit(rateLimiter.perSecond(), rateLimiter.rejected()));
    }

    @Override
    public void close() {
        gate.close();
        log.close();
    }
}
