package dev.tally.query;

import dev.tally.domain.Partitions;
import dev.tally.domain.wire.LocalCount;
import dev.tally.server.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Many counters in few calls: the keys are grouped by partition, each partition goes to its first
 * copy the policy may ask (the active one first), and each processor instance gets one
 * {@code POST /internal/counters} with the keys of all the partitions it is asked for. A call that
 * fails, and an answer the policy rejects (a standby for a strong read, a lag over max_lag), moves
 * those keys to the next copy of their partition, as a single read would; the routing is refreshed
 * after failures and rounds repeat until the read deadline.
 */
final class FanOutReader {

    private final RoutingTable routing;
    private final ProcessorClient client;
    private final Duration deadline;
    private final TimeSource time;

    FanOutReader(RoutingTable routing, ProcessorClient client, Duration deadline, TimeSource time) {
        this.routing = routing;
        this.client = client;
        this.deadline = deadline;
        this.time = time;
    }

    /**
     * @param keys valid counter keys, no repeats
     * @return an acceptable answer for every key, in the order of {@code keys}
     * @throws ApiException 503 (the policy's error) naming the partitions no copy answered acceptably
     */
    List<LocalCount> read(List<String> keys, ReadPolicy policy) {
        RetryBudget budget = policy.budget(time, deadline);
        Map<String, LocalCount> answers = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>(keys);
        Integer partitions = null;
        do {
            Routing current = routing.currentOrRecord(budget);
            if (current == null) {
                continue;
            }
            // A round asks each copy of a partition at most once.
            Map<Integer, Set<String>> asked = new HashMap<>();
            while (budget.timeLeft() && !missing.isEmpty()) {
                partitions = current.partitions();
                Map<String, List<String>> plan = plan(current, missing, asked, policy);
                if (plan.isEmpty()) {
                    break;
                }
                for (var call : plan.entrySet()) {
                    ask(current, call.getKey(), call.getValue(), policy, budget, answers, missing);
                }
                current = routing.current();
            }
        } while (!missing.isEmpty() && budget.backOff());
        if (missing.isEmpty()) {
            return keys.stream().map(answers::get).toList();
        }
        throw new ApiException(policy.unavailableStatus(budget.anyAnswered()), policy.unavailableError(),
                (partitions == null ? "could not learn which processors hold the partitions"
                        : "no copy of partition" + partitionsOf(missing, partitions) + " answered"
                        + (policy.maxLag() != null ? " within max_lag " + policy.maxLag() : "")
                        + " for " + missing.size() + " of the " + keys.size() + " keys")
                        + " " + budget.summary());
    }

    /** For each missing key, its partition's first copy not yet asked this round, grouped into one call per URL. */
    private Map<String, List<String>> plan(Routing current, Set<String> missing, Map<Integer, Set<String>> asked,
                                           ReadPolicy policy) {
        Map<String, List<String>> plan = new LinkedHashMap<>();
        Map<Integer, String> chosen = new HashMap<>();
        for (String key : missing) {
            int partition = Partitions.forKey(key, current.partitions());
            String url = chosen.computeIfAbsent(partition, p -> routing.candidates(current, p).stream()
                    .filter(copy -> policy.mayAsk(copy) && !asked.getOrDefault(p, Set.of()).contains(copy.url()))
                    .map(Candidate::url)
                    .findFirst()
                    .orElse(null));
            if (url != null) {
                plan.computeIfAbsent(url, u -> new ArrayList<>()).add(key);
            }
        }
        plan.forEach((url, planned) -> planned.forEach(key ->
                asked.computeIfAbsent(Partitions.forKey(key, current.partitions()), p -> new HashSet<>()).add(url)));
        return plan;
    }

    private void ask(Routing current, String url, List<String> keys, ReadPolicy policy, RetryBudget budget,
                     Map<String, LocalCount> answers, Set<String> missing) {
        List<LocalCount> counts;
        try {
            counts = client.counts(url, keys);
        } catch (ProcessorErrorException e) {
            if (e.status() == 400) {
                throw ApiException.badRequest("invalid_key", e.getMessage());
            }
            failed(current, url, keys, budget, e);
            return;
        } catch (ProcessorCallException e) {
            failed(current, url, keys, budget, e);
            return;
        }
        routing.reportSuccess(url);
        for (LocalCount count : counts) {
            String rejection = policy.rejects(count);
            if (rejection == null) {
                answers.put(count.key(), count);
                missing.remove(count.key());
            } else {
                budget.recordAnswer(url + " (" + count.role() + ") for partition " + count.partition(), rejection);
            }
        }
    }

    private void failed(Routing current, String url, List<String> keys, RetryBudget budget, ProcessorCallException e) {
        budget.record(url + " for " + keys.size() + (keys.size() == 1 ? " key" : " keys"), e.outcome());
        routing.reportFailure(current, e);
    }

    private static String partitionsOf(Set<String> keys, int partitionCount) {
        SortedSet<Integer> partitions = new TreeSet<>();
        keys.forEach(key -> partitions.add(Partitions.forKey(key, partitionCount)));
        return (partitions.size() == 1 ? " " : "s ") + partitions;
    }
}
