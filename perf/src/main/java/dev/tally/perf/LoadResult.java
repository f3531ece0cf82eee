package dev.tally.perf;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One phase's traffic of one kind (cold or hot), merged over its client threads: the numbers the
 * summary table and the JSON file show.
 *
 * @param seconds            wall time from the first request sent to the last answer
 * @param retried429         429 answers, each retried; not in the latencies (they are not 202s)
 * @param loadGeneratorCores CPU the benchmark's whole JVM used over those seconds, in cores (in a
 *                           phase with hot and cold traffic, both loops together): on a shared
 *                           machine this is taken from the stack under test
 */
record LoadResult(
        String name,
        int clients,
        double seconds,
        long accepted,
        long acceptedExcess,
        long retried429,
        long errors,
        String firstError,
        double acceptedPerSecond,
        Latency latency,
        double loadGeneratorCores,
        @JsonIgnore Map<String, Long> acceptedByKey,
        @JsonIgnore long[] latenciesMicros) {

    /** Nearest-rank latency of the 202 answers, in milliseconds. */
    record Latency(int n, double p50Ms, double p90Ms, double p99Ms, double maxMs, double meanMs) {
        static Latency of(Percentiles p) {
            return new Latency(p.count(), p.percentile(50) / 1e3, p.percentile(90) / 1e3, p.percentile(99) / 1e3,
                    p.max() / 1e3, p.mean() / 1e3);
        }
    }

    static LoadResult of(String name, List<ClientRecord> clients, long elapsedNanos, double loadGeneratorCores) {
        long accepted = 0;
        long excess = 0;
        long retried = 0;
        long errors = 0;
        String firstError = null;
        Map<String, Long> byKey = new HashMap<>();
        for (ClientRecord c : clients) {
            accepted += c.accepted();
            excess += c.excess;
            retried += c.retried429;
            errors += c.errors;
            firstError = firstError != null ? firstError : c.firstError;
            c.acceptedByKey.forEach((key, count) -> byKey.merge(key, count, Long::sum));
        }
        long[] all = new long[(int) accepted];
        int at = 0;
        for (ClientRecord c : clients) {
            long[] mine = c.latencies();
            System.arraycopy(mine, 0, all, at, mine.length);
            at += mine.length;
        }
        double seconds = elapsedNanos / 1e9;
        return new LoadResult(name, clients.size(), seconds, accepted, excess, retried, errors, firstError,
                seconds > 0 ? accepted / seconds : 0, accepted == 0 ? null : Latency.of(new Percentiles(all)),
                loadGeneratorCores, Map.copyOf(byKey), all);
    }

    /** Several runs of the same load (e.g. one per round) as one: counts and latencies pooled, rates over their summed time. */
    static LoadResult merge(String name, List<LoadResult> parts) {
        long accepted = parts.stream().mapToLong(LoadResult::accepted).sum();
        double seconds = parts.stream().mapToDouble(LoadResult::seconds).sum();
        Map<String, Long> byKey = new HashMap<>();
        parts.forEach(part -> part.acceptedByKey().forEach((key, count) -> byKey.merge(key, count, Long::sum)));
        long[] all = parts.stream().flatMapToLong(part -> java.util.Arrays.stream(part.latenciesMicros())).toArray();
        double cores = seconds == 0 ? 0 : parts.stream().mapToDouble(part -> part.loadGeneratorCores() * part.seconds()).sum() / seconds;
        return new LoadResult(name, parts.stream().mapToInt(LoadResult::clients).max().orElse(0), seconds, accepted,
                parts.stream().mapToLong(LoadResult::acceptedExcess).sum(), parts.stream().mapToLong(LoadResult::retried429).sum(),
                parts.stream().mapToLong(LoadResult::errors).sum(),
                parts.stream().map(LoadResult::firstError).filter(java.util.Objects::nonNull).findFirst().orElse(null),
                seconds > 0 ? accepted / seconds : 0, accepted == 0 ? null : Latency.of(new Percentiles(all)),
                cores, Map.copyOf(byKey), all);
    }

    /** A summary-table row: Percentiles' columns, then throughput, 429s, errors and the excess share. */
    String row() {
        String latencies = latenciesMicros.length == 0
                ? String.format("%-22s %7d %9s %9s %9s %9s %9s", name, 0, "-", "-", "-", "-", "-")
                : new Percentiles(latenciesMicros).row(name);
        return latencies + String.format(" %9.0f %7d %6d %7.0f%%", acceptedPerSecond, retried429, errors,
                accepted == 0 ? 0.0 : 100.0 * acceptedExcess / accepted);
    }

    static String header() {
        return Percentiles.header() + String.format(" %9s %7s %6s %8s", "202/s", "429s", "errors", "excess");
    }
}
