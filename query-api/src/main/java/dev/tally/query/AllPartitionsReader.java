package dev.tally.query;

import dev.tally.domain.wire.LocalDump;
import dev.tally.server.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * The same question for every partition (a page of the dump, the whole dump): each partition goes to
 * its first copy that answers, one call per processor instance for all the partitions it is asked
 * for; a call that fails moves its partitions to their next copies, and rounds repeat, the routing
 * refreshed, until the read deadline.
 */
final class AllPartitionsReader {

    private final RoutingTable routing;
    private final Duration deadline;
    private final TimeSource time;

    AllPartitionsReader(RoutingTable routing, Duration deadline, TimeSource time) {
        this.routing = routing;
        this.deadline = deadline;
        this.time = time;
    }

    /**
     * What {@code ask} answers for every partition, by partition.
     *
     * @param ask a call to one instance URL for some of its partitions
     * @throws ApiException 503 {@code no_replica_available} if some partition had no copy that answered
     */
    Map<Integer, Map<String, Long>> read(BiFunction<String, List<Integer>, LocalDump> ask) {
        RetryBudget budget = ReadPolicy.ANY.budget(time, deadline);
        Map<Integer, Map<String, Long>> counters = new TreeMap<>();
        SortedSet<Integer> missing = null;
        do {
            Routing current = routing.currentOrRecord(budget);
            if (current == null) {
                continue;
            }
            if (missing == null) {
                missing = new TreeSet<>(IntStream.range(0, current.partitions()).boxed().toList());
            }
            Set<String> failedThisRound = new HashSet<>();
            while (budget.timeLeft()) {
                Map<String, List<Integer>> plan = plan(current, missing, failedThisRound);
                if (plan.isEmpty()) {
                    break;
                }
                for (var call : plan.entrySet()) {
                    String url = call.getKey();
                    List<Integer> partitions = call.getValue();
                    try {
                        LocalDump dump = ask.apply(url, partitions);
                        Map<Integer, Map<String, Long>> answered = dump.partitions() == null ? Map.of() : dump.partitions();
                        // A partition without counters may be left out of the answer.
                        partitions.forEach(p -> counters.put(p, answered.getOrDefault(p, Map.of())));
                        missing.removeAll(partitions);
                        routing.reportSuccess(url);
                    } catch (ProcessorCallException e) {
                        failedThisRound.add(url);
                        budget.record(url + " for partitions " + partitions, e.outcome());
                        routing.reportFailure(current, e);
                    }
                }
                current = routing.current();
            }
            if (missing.isEmpty()) {
                return counters;
            }
        } while (budget.backOff());
        throw ApiException.unavailable("no_replica_available",
                (missing == null ? "could not learn which processors hold the partitions"
                        : "no copy of partition" + (missing.size() == 1 ? " " : "s ") + missing + " answered")
                        + " " + budget.summary());
    }

    /** For each missing partition its first copy not yet failed this round, grouped into one call per instance URL. */
    private Map<String, List<Integer>> plan(Routing current, Set<Integer> missing, Set<String> failed) {
        Map<String, List<Integer>> plan = new LinkedHashMap<>();
        for (int partition : missing) {
            routing.candidates(current, partition).stream()
                    .map(Candidate::url)
                    .filter(url -> !failed.contains(url))
                    .findFirst()
                    .ifPresent(url -> plan.computeIfAbsent(url, u -> new ArrayList<>()).add(partition));
        }
        return plan;
    }
}
