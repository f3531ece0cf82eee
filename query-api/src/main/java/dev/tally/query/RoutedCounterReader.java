package dev.tally.query;

import dev.tally.domain.CounterKeys;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.InstanceInfo;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalWindows;
import dev.tally.domain.wire.ProcessorStats;
import dev.tally.query.CopyRounds.CopyCall;
import dev.tally.query.CopyRounds.Unacceptable;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.WindowParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Reads from the active copy of a partition, falls back to its standbys when the active is down,
 * restoring or moved, and keeps trying — refreshing the routing as it goes — until a deadline
 * ({@link CopyRounds}). The query API is not a Kafka Streams member; this is how it follows a failover.
 */
public final class RoutedCounterReader implements CounterReader {

    private final RoutingTable routing;
    private final ProcessorClient client;
    private final Duration deadline;
    private final TimeSource time;
    private final FanOutReader fanOut;
    private final AllPartitionsReader allPartitions;
    private final CopyRounds rounds;
    private final ExecutorService retries;

    /**
     * Reads that wait out a failover or a lagging copy each hold a thread while they do, as many at
     * once as the API has request threads (Jetty's default); more wait their turn, within their deadline.
     */
    static final int RETRY_THREADS = 200;

    public RoutedCounterReader(RoutingTable routing, ProcessorClient client, Duration deadline, TimeSource time) {
        this(routing, client, deadline, time, RETRY_THREADS);
    }

    /** @param retryThreads threads for the reads that must wait and retry (see {@link #readAsync}) */
    RoutedCounterReader(RoutingTable routing, ProcessorClient client, Duration deadline, TimeSource time, int retryThreads) {
        this.retries = retryPool(retryThreads);
        this.routing = routing;
        this.rounds = new CopyRounds(routing);
        this.client = client;
        this.deadline = deadline;
        this.time = time;
        this.fanOut = new FanOutReader(routing, client, deadline, time);
        this.allPartitions = new AllPartitionsReader(routing, deadline, time);
    }

    /** The production wiring: HTTP to the processors, real time. */
    public static RoutedCounterReader fromConfig(QueryConfig config) {
        // Single-key reads that meet a busy processor share one call with the others waiting for it.
        ProcessorClient client = new CoalescedCounts(new HttpProcessorClient(config.processorTimeout(), config.internalSecret()));
        RoutingTable table = new RoutingTable(client, config.processorUrls(), config.routingRefresh(), TimeSource.SYSTEM);
        return new RoutedCounterReader(table, client, config.readDeadline(), TimeSource.SYSTEM);
    }

    @Override
    public LocalCount read(String key, ReadPolicy policy) {
        return routed(key, policy, countOf(key, policy));
    }

    /**
     * Asks the partition's first copy without holding the caller's thread, which is how nearly every
     * read is answered. Anything else (no routing yet, the copy down, moved, or not fresh enough for
     * the policy) goes on as {@link #read} does, knowing what the first copy said, on a pool of its
     * own whose threads may wait and retry. Its deadline starts when a thread of that pool takes it
     * up, as a blocking read's starts when a request thread does: a read that queued for a thread
     * during a failover still tries the copies for its whole deadline, not fails without asking.
     */
    @Override
    public CompletableFuture<LocalCount> readAsync(String key, ReadPolicy policy) {
        CounterKeys.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_key", problem);
        });
        Optional<Candidate> first = policy.after() == null
                ? rounds.firstCopy(key, policy, policy.budget(time, deadline)) : Optional.empty();
        if (first.isEmpty()) {
            return CompletableFuture.supplyAsync(() -> read(key, policy), retries);
        }
        Candidate copy = first.get();
        CompletableFuture<LocalCount> firstAnswer = AsyncCalls.started(() -> client.countAsync(copy.url(), key)).thenApply(count -> {
            LocalCount accepted = acceptable(count, policy);
            rounds.answered(copy);
            return accepted;
        });
        // Only a read its first copy did not answer moves to the pool. exceptionallyAsync would hand
        // every answer to a pool thread, first-copy answers too: a wake-up and a thread switch per read.
        return firstAnswer.exceptionallyCompose(failure -> CompletableFuture.supplyAsync(() -> routed(key, policy,
                CopyRounds.replaying(copy, AsyncCalls.cause(failure), countOf(key, policy))), retries));
    }

    private CopyCall<LocalCount> countOf(String key, ReadPolicy policy) {
        return copy -> acceptable(client.count(copy.url(), key), policy);
    }

    private static LocalCount acceptable(LocalCount count, ReadPolicy policy) {
        String rejection = policy.rejects(count);
        if (rejection != null) {
            throw new Unacceptable(rejection);
        }
        return count;
    }

    /** One call per processor instance for all the keys of the partitions it is asked for ({@link FanOutReader}). */
    @Override
    public List<LocalCount> readAll(List<String> keys, ReadPolicy policy) {
        return fanOut.read(keys, policy);
    }

    /** Routed like a single read: the partition's copies in routing order, active first. */
    @Override
    public LocalWindows windows(String key, WindowParams.Range range) {
        return routed(key, ReadPolicy.ANY, "key \"" + key + "\"", copy -> refusalAsked(() -> client.windows(copy.url(), key, range)));
    }

    /** Every partition's busiest keys, one call per instance, as the dump asks them. */
    @Override
    public Map<String, Long> topCandidates(String window, int n) {
        Map<String, Long> candidates = new java.util.HashMap<>();
        allPartitions.read((url, partitions) -> refusalAsked(() -> client.top(url, partitions, window, n))).values()
                .forEach(candidates::putAll);
        return candidates;
    }

    /** A 400 of a processor is about what was asked (a window size it does not keep): answered as it is, not retried. */
    private static <T> T refusalAsked(Supplier<T> call) {
        try {
            return call.get();
        } catch (ProcessorErrorException e) {
            if (e.status() == 400) {
                String message = e.getMessage();
                int reason = message.indexOf(e.error() + ": ");
                throw ApiException.badRequest(e.error(), reason < 0 ? message : message.substring(reason + e.error().length() + 2));
            }
            throw e;
        }
    }

    /**
     * Asks the partition's copies, active first. A write found on any copy was applied. A standby's
     * "not seen" may only mean it lags the active (or that the routing still calls it active after a
     * failover), so the lookup goes on to the next copy; it is the answer only when no copy of the
     * round answered as the active, which is down or moved. The increment is then written again, and
     * the processor drops it if the first was applied: a retry during a failover is not held up.
     */
    @Override
    public Optional<IdempotentWrite> findWrite(String idempotencyKey, String key) {
        AtomicBoolean aStandbyHasNone = new AtomicBoolean();
        try {
            return rounds.ask(key, ReadPolicy.ANY, ReadPolicy.ANY.budget(time, deadline), "Idempotency-Key \"" + idempotencyKey + "\"", copy -> {
                try {
                    return client.idempotency(copy.url(), idempotencyKey, key);
                } catch (ProcessorErrorException e) {
                    if (!ProcessorErrorException.NOT_SEEN_YET.equals(e.error())) {
                        throw e;
                    }
                    aStandbyHasNone.set(true);
                    throw new Unacceptable("a standby copy without it, which may lag the active");
                }
            }, () -> aStandbyHasNone.get() ? Optional.empty() : null);
        } catch (ApiException e) {
            if (e.status() == 400) {
                throw e;
            }
            // No copy could say: write it again; the processor drops it if the first was applied.
            return Optional.empty();
        }
    }

    private <T> T routed(String key, ReadPolicy policy, String what, CopyCall<T> call) {
        return rounds.ask(key, policy, policy.budget(time, deadline), what, call, () -> null);
    }

    private LocalCount routed(String key, ReadPolicy policy, CopyCall<LocalCount> call) {
        return routed(key, policy, "key \"" + key + "\"", call);
    }

    @Override
    public Optional<String> routingProblem() {
        Routing current;
        try {
            current = routing.current();
        } catch (ApiException e) {
            return Optional.of(e.getMessage());
        }
        if (current.partitions() <= 0) {
            return Optional.of("the routing from " + current.source() + " does not know the partitions yet");
        }
        List<Integer> missing = current.withoutActive();
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("no active copy is known for partition" + (missing.size() == 1 ? " " : "s ") + missing);
    }

    @Override
    public List<ProcessorView> processors() {
        List<ProcessorView> views = new ArrayList<>();
        for (InstanceInfo instance : routing.current().snapshot().instances()) {
            ProcessorStats stats = null;
            String error = null;
            try {
                stats = client.stats(instance.url());
            } catch (ProcessorCallException e) {
                error = e.getMessage();
            }
            views.add(new ProcessorView(instance.endpoint(), instance.active(), instance.standby(), stats, error));
        }
        return views;
    }

    @Override
    public Map<String, Long> dumpAll() {
        Map<String, Long> counters = new TreeMap<>();
        allPartitions.read(client::dump).values().forEach(counters::putAll);
        return counters;
    }

    /** Asks each partition's copy for its first {@code limit} counters after the cursor, and merges them in key order. */
    @Override
    public DumpPage dumpPage(String after, int limit) {
        Map<Integer, Map<String, Long>> pages = allPartitions.read((url, partitions) -> client.dump(url, partitions, after, limit));
        Map<String, Long> candidates = new java.util.HashMap<>();
        pages.values().forEach(candidates::putAll);
        // A partition that filled its page may hold more after it; one that did not has nothing more.
        boolean mayHaveMore = pages.values().stream().anyMatch(page -> page.size() >= limit);
        return DumpPage.of(candidates, after, limit, mayHaveMore);
    }

    private static ExecutorService retryPool(int threads) {
        AtomicInteger made = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), work -> {
            Thread thread = new Thread(work, "read-retries-" + made.incrementAndGet());
            // Never what keeps the process alive.
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void close() {
        retries.shutdownNow();
        client.close();
    }
}
