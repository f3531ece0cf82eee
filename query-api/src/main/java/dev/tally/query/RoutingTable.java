package dev.tally.query;

import dev.tally.domain.wire.RoutingSnapshot;
import dev.tally.server.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cached answer to "which processor holds which partition". Refreshed from the first processor
 * that answers, at most every {@code maxAge}, and sooner when a reader reports that the routing sent
 * it to a copy that failed. Thread-safe without locks: only one thread fetches at a time and the
 * others wait for its result, so a failing instance does not set off a storm of routing calls.
 */
public final class RoutingTable {

    private static final Logger log = LoggerFactory.getLogger(RoutingTable.class);

    /** An invalidated snapshot younger than this is kept: Streams metadata changes only on rebalance. */
    private static final Duration MIN_REFRESH_INTERVAL = Duration.ofMillis(250);

    private record Cached(Routing routing, long fetchedAtNanos, boolean invalidated) {
    }

    private final ProcessorClient client;
    private final Duration maxAge;
    private final Duration minRefreshInterval;
    private final TimeSource time;
    private final AtomicReference<Cached> cached = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Routing>> refreshing = new AtomicReference<>();
    /** The configured processors, then every instance a snapshot has named, in discovery order. */
    private final List<String> knownUrls = new CopyOnWriteArrayList<>();
    /** Instances that were down or restoring: asked last until then (nanoTime), so reads do not wait on them. */
    private final ConcurrentMap<String, Long> unwellUntil = new ConcurrentHashMap<>();

    public RoutingTable(ProcessorClient client, List<String> seedUrls, Duration maxAge, TimeSource time) {
        this.client = client;
        this.maxAge = maxAge;
        this.minRefreshInterval = maxAge.compareTo(MIN_REFRESH_INTERVAL) < 0 ? maxAge : MIN_REFRESH_INTERVAL;
        this.time = time;
        seedUrls.forEach(url -> knownUrls.add(QueryConfig.normalize(url)));
    }

    /**
     * A routing young enough to use, fetched if needed. When no processor answers, the last snapshot is
     * used as it is (it is still the best guess).
     *
     * @throws ApiException 503 {@code routing_unavailable} when no processor has ever answered
     */
    public Routing current() {
        Cached known = cached.get();
        if (known != null && !needsRefresh(known)) {
            return known.routing();
        }
        try {
            return refresh();
        } catch (ApiException e) {
            if (known == null) {
                throw e;
            }
            log.warn("keeping the routing from {}: {}", known.routing().source(), e.getMessage());
            return known.routing();
        }
    }

    /**
     * {@link #current()} for a read that retries: when there is no routing yet, the reason goes into
     * the read's budget (and its final error) and the answer is null, so the read backs off and tries again.
     */
    Routing currentOrRecord(RetryBudget budget) {
        try {
            return current();
        } catch (ApiException e) {
            budget.record("routing", e.getMessage());
            return null;
        }
    }

    /** The copies of a partition to ask, in order: active first, then standbys; unwell ones last. */
    public List<Candidate> candidates(Routing routing, int partition) {
        List<Candidate> copies = routing.candidatesFor(partition);
        // Nearly always no instance is unwell, and the snapshot's own order stands: no copy to sort.
        if (unwellUntil.isEmpty() || copies.stream().noneMatch(candidate -> isUnwell(candidate.url()))) {
            return copies;
        }
        List<Candidate> ordered = new ArrayList<>(copies);
        ordered.sort(Comparator.comparing(candidate -> isUnwell(candidate.url())));
        return ordered;
    }

    public List<Candidate> candidates(int partition) {
        return candidates(current(), partition);
    }

    /** The routing sent a reader somewhere useless: refetch it, unless a newer one is already cached. */
    public void invalidate(Routing seen) {
        Cached known = cached.get();
        if (known != null && known.routing() == seen && !known.invalidated()) {
            cached.compareAndSet(known, new Cached(known.routing(), known.fetchedAtNanos(), true));
        }
    }

    public void reportFailure(Routing seen, ProcessorCallException failure) {
        if (failure.instanceIsUnwell()) {
            unwellUntil.put(failure.url(), time.nanoTime() + maxAge.toNanos());
        }
        invalidate(seen);
    }

    public void reportSuccess(String url) {
        unwellUntil.remove(url);
    }

    private boolean needsRefresh(Cached known) {
        long age = time.nanoTime() - known.fetchedAtNanos();
        return age >= maxAge.toNanos() || (known.invalidated() && age >= minRefreshInterval.toNanos());
    }

    private boolean isUnwell(String url) {
        Long until = unwellUntil.get(url);
        return until != null && until - time.nanoTime() > 0;
    }

    private Routing refresh() {
        CompletableFuture<Routing> mine = new CompletableFuture<>();
        CompletableFuture<Routing> running = refreshing.compareAndExchange(null, mine);
        if (running != null) {
            return awaitOtherRefresh(running);
        }
        try {
            Cached known = cached.get();
            if (known != null && !needsRefresh(known)) {
                // Another thread's refresh finished between our look at the cache and now.
                mine.complete(known.routing());
                return known.routing();
            }
            Routing fresh = fetch();
            Cached previous = cached.getAndSet(new Cached(fresh, time.nanoTime(), false));
            fresh.urls().forEach(url -> {
                if (!knownUrls.contains(url)) {
                    knownUrls.add(url);
                }
            });
            if (previous == null || !Objects.equals(previous.routing().snapshot().instances(), fresh.snapshot().instances())) {
                log.info("routing from {}: {}", fresh.source(), fresh.snapshot());
            }
            mine.complete(fresh);
            return fresh;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            refreshing.set(null);
        }
    }

    private static Routing awaitOtherRefresh(CompletableFuture<Routing> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Asks every known processor in turn; a RUNNING one's view wins over one still rebalancing. */
    private Routing fetch() {
        Routing notRunning = null;
        List<String> failures = new ArrayList<>();
        for (String url : fetchOrder()) {
            try {
                RoutingSnapshot snapshot = client.routing(url);
                if (snapshot.partitions() <= 0) {
                    failures.add(url + ": knows no partitions yet (" + snapshot.state() + ")");
                } else if ("RUNNING".equals(snapshot.state())) {
                    return new Routing(snapshot, url);
                } else if (notRunning == null) {
                    notRunning = new Routing(snapshot, url);
                }
            } catch (ProcessorCallException e) {
                failures.add(url + ": " + e.outcome());
                if (e.instanceIsUnwell()) {
                    unwellUntil.put(url, time.nanoTime() + maxAge.toNanos());
                }
            }
        }
        if (notRunning != null) {
            return notRunning;
        }
        throw ApiException.unavailable("routing_unavailable",
                "no processor reported where the partitions are: " + String.join("; ", failures));
    }

    /** The last reporter first (it answered), then the others; unwell ones last, they may cost a timeout. */
    private List<String> fetchOrder() {
        List<String> order = new ArrayList<>(knownUrls);
        Cached known = cached.get();
        if (known != null && order.remove(known.routing().source())) {
            order.add(0, known.routing().source());
        }
        order.sort(Comparator.comparing(this::isUnwell));
        return order;
    }
}
