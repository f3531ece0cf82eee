package dev.tally.ingest;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.tally.domain.Consistency;
import dev.tally.query.IdempotentWrites;
import dev.tally.query.ReadBack;
import dev.tally.query.TokenHorizon;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.http.RequestParams;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code POST /counter/{key}/increment[?by=N]}: validates, picks the queue (main, or excess for a
 * hot key), admits the increment only while that queue has room, appends it and answers 202 only
 * once Kafka acknowledged the write, so a 202 means the increment will be counted.
 * {@code POST /counters/increments} does the same for many increments in one request ({@link BatchIngest});
 * {@code DELETE /counter/{key}} resets a counter through the same log ({@link ResetIngest}).
 */
public final class IngestApi implements AutoCloseable {

    private final IncrementLog log;
    private final ClusterView cluster;
    private final QueueGate gate;
    private final HotKeyDetector hotKeys;
    private final ClientRateLimiter rateLimiter;
    private final Appender appender;
    private final BatchIngest batch;
    private final ResetIngest resets;
    private final AddAndGet addAndGet;
    private final boolean benchEndpoints;
    /** A reading older than this (the poll is every BACKLOG_POLL_MS, ~250 ms) means Kafka stopped answering. */
    private static final Duration READY_READING_AGE = Duration.ofSeconds(5);

    public IngestApi(IncrementLog log, IngestConfig config, BacklogSource backlog) {
        this(log, config, backlog, new ConsistencyMetrics(), IdempotentWrites.NONE);
    }

    public IngestApi(IncrementLog log, IngestConfig config, BacklogSource backlog,
                     ConsistencyMetrics metrics, IdempotentWrites idempotency) {
        this(log, config, backlog, metrics, idempotency, ReadBack.NONE);
    }

    /** @param readBack reads a counter through a write's token, for {@code ?return=value} */
    public IngestApi(IncrementLog log, IngestConfig config, BacklogSource backlog,
                     ConsistencyMetrics metrics, IdempotentWrites idempotency, ReadBack readBack) {
        this.log = log;
        this.cluster = new ClusterView(backlog, Clock.systemUTC());
        IngestMeters meters = new IngestMeters(metrics.registry());
        Map<IngestQueue, Long> limits = Map.of(IngestQueue.MAIN, config.maxQueueSize(), IngestQueue.EXCESS, config.spilloverQueueSize());
        this.gate = new QueueGate(cluster, limits, meters);
        this.hotKeys = new HotKeyDetector(config.excessThreshold(), config.excessWindow(), Ticker.systemTicker());
        this.rateLimiter = new ClientRateLimiter(config.rateLimitPerClient(), meters.rateLimited());
        this.appender = new Appender(log, cluster, gate, hotKeys, config.excessSalts(), metrics, idempotency, meters);
        meters.watch(cluster, gate, hotKeys, limits);
        this.batch = new BatchIngest(appender, gate, config.batchMaxItems(), config.batchMaxBytes());
        this.resets = new ResetIngest(log, cluster, gate, idempotency);
        this.addAndGet = new AddAndGet(readBack);
        this.benchEndpoints = config.benchEndpoints();
    }

    /**
     * Connects real Kafka producers and a backlog reader; {@link #close()} releases them.
     *
     * @param answers where acknowledged writes are answered (the HTTP server's request threads)
     */
    public static IngestApi fromConfig(IngestConfig config, ConsistencyMetrics metrics, IdempotentWrites idempotency,
                                       ReadBack readBack, Executor answers) {
        IngestApi api = new IngestApi(IncrementLog.connect(config, answers, metrics.registry()), config,
                new KafkaBacklogSource(config.bootstrapServers(), config.kafkaClient(), metrics.registry()), metrics, idempotency, readBack);
        api.cluster.start(config.backlogPoll());
        return api;
    }

    public void addRoutes(RoutesConfig routes) {
        routes.post("/counter/{key}/increment", this::increment);
        routes.post("/counters/increments", ctx -> {
            // One request, one token: the queues, not the rate limit, bound how many increments a batch brings.
            rateLimiter.check(clientOf(ctx));
            batch.handle(ctx);
        });
        routes.delete("/counter/{key}", ctx -> {
            rateLimiter.check(clientOf(ctx));
            resets.handle(ctx);
        });
        if (benchEndpoints) {
            routes.post("/ceiling/counter/{key}/increment", this::ceiling);
        }
    }

    /** The backlog gate, for tests that look at the backlog it decides on. */
    QueueGate gate() {
        return gate;
    }

    /** The cluster view, for tests that drive its readings by hand. */
    ClusterView cluster() {
        return cluster;
    }

    private void increment(Context ctx) {
        IncrementRequest request = requestOf(ctx);
        boolean returnValue = AddAndGet.asked(ctx.queryParam("return"));
        rateLimiter.check(clientOf(ctx));
        Optional<IncrementAccepted> earlier = appender.replay(request);
        if (earlier.isPresent()) {
            ctx.header("Idempotent-Replay", "true");
            answer(ctx, earlier.get(), returnValue);
            return;
        }
        Appender.Route route = appender.route(request);
        appender.admit(route);
        ctx.future(() -> appender.append(route).thenAccept(accepted -> answer(ctx, accepted, returnValue)));
    }

    /** 202 with where it was stored, or with {@code ?return=value} 200 with the value including it. */
    private void answer(Context ctx, IncrementAccepted accepted, boolean returnValue) {
        if (returnValue) {
            ctx.status(200).json(addAndGet.valueAfter(accepted));
        } else {
            ctx.status(202).json(accepted);
        }
    }

    /**
     * BENCH_ENDPOINTS only: {@link #increment} without Kafka, for {@code perf ceiling}. Validation, rate
     * limit, hot-key routing, admission and the asynchronous 202 are all the real ones; the place it
     * reserved is given back at once as not acknowledged, so the queues' figures do not move.
     */
    private void ceiling(Context ctx) {
        IncrementRequest request = requestOf(ctx);
        rateLimiter.check(clientOf(ctx));
        Appender.Route route = appender.route(request);
        appender.admit(route);
        gate.finished(route.queue(), false);
        IncrementAccepted body = appender.unwritten(route);
        ctx.future(() -> CompletableFuture.completedFuture(body).thenAccept(accepted -> ctx.status(202).json(accepted)));
    }

    private static IncrementRequest requestOf(Context ctx) {
        return IncrementRequest.of(ctx.pathParam("key"), ctx.queryParam("by"),
                RequestParams.consistency(ctx.queryParam("consistency"), Consistency.STRONG), ctx.header("Idempotency-Key"));
    }

    /** Who a client is for its rate limit: an explicit id if it sends one, else where it connects from. */
    private static String clientOf(Context ctx) {
        return ClientRateLimiter.clientId(ctx.header("X-Client-Id"), ctx.ip());
    }

    /** Reads the cluster now rather than at the next poll: for tests of what depends on a reading (readiness, 202 bodies). */
    public void readClusterNow() {
        cluster.poll();
    }

    /** Tells a read's token past its partition's log end ({@link LogEndHorizon}), for the query side. */
    public TokenHorizon tokenHorizon() {
        return new LogEndHorizon(cluster, LogEndHorizon.CONFIRM_WITHIN);
    }

    /** Why Kafka cannot be said to answer (see {@link ClusterView#problem}), for the API's readiness; empty while it does. */
    public Optional<String> kafkaProblem() {
        return cluster.problem(READY_READING_AGE);
    }

    /** The queues, the hot keys and the rate limit as {@code GET /status} shows them. */
    public IngestStatus status() {
        return new IngestStatus(cluster.liveBrokers(),
                List.of(gate.status(IngestQueue.MAIN), gate.status(IngestQueue.EXCESS)),
                hotKeys.hotKeys(),
                new IngestStatus.RateLimit(rateLimiter.perSecond(), rateLimiter.rejected()));
    }

    @Override
    public void close() {
        cluster.close();
        log.close();
    }
}
