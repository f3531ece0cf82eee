package dev.tally.perf.check;

import java.util.Map;
import java.util.TreeMap;

/**
 * What each counter must come to after a load: at least its {@code accepted} increments (answered
 * 2xx), and at most that plus its {@code uncertain} ones (answered 5xx, or not at all: written or
 * not, the client cannot tell). Where nothing is uncertain, the count must be exact.
 *
 * @param accepted  per key, the increments (summed deltas) answered 2xx
 * @param uncertain per key, the increments that may or may not have been written; absent keys have none
 */
public record Expectation(Map<String, Long> accepted, Map<String, Long> uncertain) {

    public Expectation {
        accepted = Map.copyOf(accepted);
        uncertain = Map.copyOf(uncertain);
    }

    public static Expectation exactly(Map<String, Long> accepted) {
        return new Expectation(accepted, Map.of());
    }

    /** Both expectations at once, over the union of their keys (a key in both adds up). */
    public Expectation plus(Expectation other) {
        Map<String, Long> sumAccepted = new TreeMap<>(accepted);
        other.accepted.forEach((key, n) -> sumAccepted.merge(key, n, Long::sum));
        Map<String, Long> sumUncertain = new TreeMap<>(uncertain);
        other.uncertain.forEach((key, n) -> sumUncertain.merge(key, n, Long::sum));
        return new Expectation(sumAccepted, sumUncertain);
    }

    public long acceptedTotal() {
        return accepted.values().stream().mapToLong(Long::longValue).sum();
    }

    public long uncertainTotal() {
        return uncertain.values().stream().mapToLong(Long::longValue).sum();
    }

    long uncertainOf(String key) {
        return uncertain.getOrDefault(key, 0L);
    }
}
