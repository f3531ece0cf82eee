package dev.tally.perf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.compose.stack.StackSpec;
import dev.tally.perf.report.Charts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Seed 001's table: increment latency at acks=1 and at acks=all for every write quorum
 * (min.insync.replicas 1..RF), and how often the active and the standby copy of a counter disagree
 * right after the writes and once they have settled.
 */
@Command(name = "quorum", mixinStandardHelpOptions = true,
        description = "Increment latency per write quorum (acks=1, acks=all with min.insync.replicas 1..RF) and active/standby mismatch (seed 001).")
final class QuorumCommand implements Callable<Integer> {

    @Option(names = "--brokers", defaultValue = "5", description = "Brokers, and the replication factor. Default ${DEFAULT-VALUE}.")
    int brokers;

    @Option(names = "--writes", defaultValue = "5000", description = "Increments per case. Default ${DEFAULT-VALUE}.")
    int writes;

    @Option(names = "--warm-up", defaultValue = "5000", description = "Increments sent first, not measured. Default ${DEFAULT-VALUE}.")
    int warmUp;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds of all cases the writes are split over. Default ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--keys", defaultValue = "200", description = "Counters written and compared. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--clients", defaultValue = "8", description = "Closed-loop clients. Default ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--settle", defaultValue = "2", description = "Seconds before the second comparison. Default ${DEFAULT-VALUE}.")
    int settleSeconds;

    @Option(names = "--results", defaultValue = "perf-results", description = "Directory for the JSON and PNG. Default ${DEFAULT-VALUE}/.")
    Path results;

    /** One row of seed 001's table. */
    record Case(String acks, int minInsyncReplicas, LoadResult writes, int keysCompared, int mismatchedImmediately,
                int mismatchedSettled) {
    }

    record Report(String startedAt, StackSpec stack, List<Case> cases, CountCheck.Outcome check) {
    }

    @Override
    public Integer call() throws Exception {
        if (brokers < 1 || writes < 1 || keys < 1 || clients < 1 || warmUp < 0 || rounds < 1 || rounds > writes) {
            throw new IllegalArgumentException("--brokers, --writes, --keys, --clients and --rounds must be positive, --rounds ≤ --writes");
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String run = Long.toString(System.currentTimeMillis(), 36);
        StackSpec spec = new StackSpec(brokers, brokers, 1, 6, 2, 1, BenchStack.API_PORT, 29590, 29690, 18400);
        try (BenchStack bench = BenchStack.up(spec, Map.of("EXCESS_THRESHOLD", "1000000"), System.err)) {
            ApiClient api = new ApiClient(spec.apiUrl());
            List<String> names = IntStream.range(0, keys).mapToObj(i -> "quorum-" + run + "-" + i).toList();
            Map<String, Long> written = new LinkedHashMap<>();
            List<Step> steps = new ArrayList<>();
            steps.add(new Step("acks=1", 1, "eventual"));
            for (int quorum = 1; quorum <= brokers; quorum++) {
                steps.add(new Step("acks=all", quorum, "strong"));
            }
            if (warmUp > 0) {
                // Cold JVMs (and the API's acks=1 producer, used by no other case) would make whichever
                // case runs first the slowest; none of this is measured.
                for (Step step : steps.subList(0, 2)) {
                    send(step, "warm-up " + step.label(), Math.max(1, warmUp / 2), api, names, written);
                }
            }
            // Round after round of every case, so that what drifts over a run (JIT, page cache, the
            // other processes' load) spreads over all cases instead of favouring the last ones.
            Map<Step, List<LoadResult>> parts = new LinkedHashMap<>();
            Map<Step, int[]> mismatched = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                long perRound = writes / rounds + (round <= writes % rounds ? 1 : 0);
                for (Step step : steps) {
                    bench.stack().setWriteQuorum(step.minInsyncReplicas());
                    parts.computeIfAbsent(step, s -> new ArrayList<>())
                            .add(send(step, step.label() + " round " + round, perRound, api, names, written));
                    int[] counts = mismatched.computeIfAbsent(step, s -> new int[2]);
                    counts[0] += mismatches(spec, names);
                    Thread.sleep(settleSeconds * 1_000L);
                    counts[1] += mismatches(spec, names);
                }
            }
            List<Case> cases = steps.stream().map(step -> new Case(step.acks(), step.minInsyncReplicas(),
                    LoadResult.merge(step.label(), parts.get(step)), names.size() * rounds, mismatched.get(step)[0],
                    mismatched.get(step)[1])).toList();
            CountCheck.Outcome check = new CountCheck(api::value, Duration.ofSeconds(60), Duration.ofMillis(200)).await(written);
            Report report = new Report(startedAt, spec, cases, check);
            print(report);
            Path json = Results.json(results, "quorum", startedAt, report);
            List<String> labels = cases.stream().map(c -> c.writes().name()).toList();
            Map<String, List<Double>> series = new LinkedHashMap<>();
            series.put("p50", cases.stream().map(c -> c.writes().latency().p50Ms()).toList());
            series.put("p99", cases.stream().map(c -> c.writes().latency().p99Ms()).toList());
            Charts.bars("Increment latency per write quorum (RF " + brokers + ")", "acks and min.insync.replicas",
                    "milliseconds", labels, series, Results.chart(json, "latency"));
            System.out.println("results: " + json.toAbsolutePath());
            return check.exact() && cases.stream().allMatch(c -> c.writes().errors() == 0) ? 0 : 1;
        }
    }

    /** One case of the table: the acks the API's producer uses and the write quorum of the topics. */
    private record Step(String acks, int minInsyncReplicas, String level) {
        String label() {
            return acks + (acks.equals("acks=1") ? "" : " Q=" + minInsyncReplicas);
        }
    }

    private LoadResult send(Step step, String name, long count, ApiClient api, List<String> names, Map<String, Long> written)
            throws InterruptedException {
        LoadResult result = new LoadLoop(name, clients, count, n -> names.get((int) (n % names.size())),
                key -> api.increment(key, step.level()), 202).start().await();
        result.acceptedByKey().forEach((k, n) -> written.merge(k, n, Long::sum));
        return result;
    }

    /** Keys whose active and standby copies show different values right now (each processor answers for its own copy). */
    private static int mismatches(StackSpec spec, List<String> names) {
        List<ApiClient> processors = spec.processorUrls().stream().map(ApiClient::new).toList();
        int mismatched = 0;
        for (String key : names) {
            Long active = null;
            Long standby = null;
            for (ApiClient processor : processors) {
                ApiClient.Reply reply = processor.get("/internal/counter/" + ApiClient.segment(key));
                if (reply.status() == 200) {
                    JsonNode copy = reply.json();
                    if ("active".equals(copy.path("role").asText())) {
                        active = copy.path("value").asLong();
                    } else {
                        standby = copy.path("value").asLong();
                    }
                }
            }
            if (active == null || standby == null || !active.equals(standby)) {
                mismatched++;
            }
        }
        return mismatched;
    }

    private static void print(Report report) {
        System.out.println();
        System.out.printf("%-9s %-6s %9s %9s %9s %7s %16s %14s%n", "acks", "minISR", "p50 ms", "p99 ms", "202/s", "errors",
                "mismatch at once", "after settling");
        for (Case c : report.cases()) {
            LoadResult.Latency l = c.writes().latency();
            System.out.printf("%-9s %-6d %9.2f %9.2f %9.0f %7d %9d / %-4d %9d / %-4d%n", c.acks(), c.minInsyncReplicas(),
                    l.p50Ms(), l.p99Ms(), c.writes().acceptedPerSecond(), c.writes().errors(), c.mismatchedImmediately(),
                    c.keysCompared(), c.mismatchedSettled(), c.keysCompared());
        }
        System.out.printf("every increment counted: %s%n", report.check().exact() ? "exactly" : "NO");
    }
}
