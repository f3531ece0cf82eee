package dev.tally.query;

import dev.tally.domain.Consistency;
import dev.tally.domain.CounterKeys;
import dev.tally.domain.Partitions;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.InstanceInfo;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalWindows;
import dev.tally.domain.wire.ProcessorStats;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.WindowParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Reads from the active copy of a partition, falls back to its standbys when the active is down,
 * restoring or moved, and keeps trying — refreshing the routing as it goes — until a deadline. The
 * query API is not a Kafka Streams member; this is how it follows a failover.
 */
public final class RoutedCounterReader implements CounterReader {

    private final RoutingTable routing;
    private final ProcessorClient client;
    private final Duration deadline;
    private final TimeSource time;
    private final FanOutReader fanOut;
    private final AllPartitionsReader allPartitions;

    public RoutedCounterReader(RoutingTable routing, ProcessorClient client, Duration deadline, TimeSource time) {
        this.routing = routing;
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
        return routed(key, policy, "key \"" + key + "\"", copy -> {
            LocalCount count = client.count(copy.url(), key);
            String rejection = policy.rejects(count);
            if (rejection != null) {
                throw new Unacceptable(rejection);
            }
            return count;
        });
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
    private static <T> T refusalAsked(java.util.function.Supplier<T> call) {
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
            return routed(key, ReadPolicy.ANY, "Idempotency-Key \"" + idempotencyKey + "\"", copy -> {
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

    /** One call to one copy; throws {@link Unacceptable} when the copy answered but its answer does not do. */
    private interface CopyCall<T> {
        T ask(Candidate copy);
    }

    /** A copy answered, but not as the read's policy needs (too stale, not active). */
    private static final class Unacceptable extends RuntimeException {
        Unacceptable(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Asks the copies of the key's partition in routing order (active first) until one answers as
     * the policy needs, refreshing the routing after failures, within the read deadline.
     *
     * @throws ApiException 400 for a bad key, 503 when no copy answered acceptably
     */
    private <T> T routed(String key, ReadPolicy policy, String what, CopyCall<T> call) {
        return routed(key, policy, what, call, () -> null);
    }

    /** @param whenNoCopyDid after a round in which no copy answered acceptably: the answer to give, or null to keep trying */
    private <T> T routed(String key, ReadPolicy policy, String what, CopyCall<T> call, Supplier<T> whenNoCopyDid) {
        CounterKeys.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_key", problem);
        });
        RetryBudget budget = policy.budget(time, deadline);
        Integer partition = null;
        do {
            Routing current = routing.currentOrRecord(budget);
            if (current == null) {
                continue;
            }
            // A round asks each copy at most once; after a failure the routing may have moved the partition.
            Set<String> asked = new HashSet<>();
            while (budget.timeLeft()) {
                partition = Partitions.forKey(key, current.partitions());
                policy.tokenMismatch(partition).ifPresent(problem -> {
                    throw ApiException.badRequest("token_mismatch", problem);
                });
                Optional<Candidate> next = nextCopy(current, partition, asked, policy);
                if (next.isEmpty()) {
                    break;
                }
                Candidate copy = next.get();
                asked.add(copy.url());
                try {
                    T answer = call.ask(copy);
                    routing.reportSuccess(copy.url());
                    return answer;
                } catch (Unacceptable e) {
                    budget.recordAnswer(copy.describe(), e.getMessage());
                } catch (ProcessorErrorException e) {
                    if (e.status() == 400) {
                        throw ApiException.badRequest("invalid_key", e.getMessage());
                    }
                    failed(budget, current, copy, e);
                } catch (ProcessorCallException e) {
                    failed(budget, current, copy, e);
                }
                current = routing.current();
            }
            T settled = whenNoCopyDid.get();
            if (settled != null) {
                return settled;
            }
        } while (budget.backOff());
        throw new ApiException(policy.unavailableStatus(budget.anyAnswered()), policy.unavailableError(),
                (partition == null ? "could not learn which processor holds " + what
                        : "no copy of partition " + partition + " (" + what + ") answered"
                        + (policy.level() == Consistency.STRONG ? " as the active copy" : "")
                        + (policy.maxLag() != null ? " within max_lag " + policy.maxLag() : "")
                        + (policy.after() != null ? " with the write " + policy.after() + " applied" : ""))
                        + " " + budget.summary());
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

    private Optional<Candidate> nextCopy(Routing current, int partition, Set<String> asked, ReadPolicy policy) {
        return routing.candidates(current, partition).stream()
                .filter(c -> !asked.contains(c.url()) && policy.mayAsk(c))
                .findFirst();
    }

    private void failed(RetryBudget budget, Routing current, Candidate copy, ProcessorCallException e) {
        budget.record(copy.describe(), e.outcome());
        routing.reportFailure(current, e);
    }

    @Override
    public void close() {
        client.close();
    }
}
