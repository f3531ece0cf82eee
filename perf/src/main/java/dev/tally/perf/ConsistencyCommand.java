package dev.tally.perf;

import dev.tally.perf.report.Charts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Seed 004's comparison: what each consistency level costs. Writes at {@code strong} (acks=all) and
 * {@code eventual} (acks=1); reads at {@code eventual} (any copy), {@code strong} (the active copy
 * only) and {@code max_lag=0}; the same closed loop for each, one after the other on one stack.
 */
@Command(name = "consistency", mixinStandardHelpOptions = true,
        description = "Throughput and latency of writes and reads at each consistency level (seed 004). Starts its own stack unless --url.")
final class ConsistencyCommand implements Callable<Integer> {

    @Option(names = "--operations", defaultValue = "20000", description = "Operations per case. Default ${DEFAULT-VALUE}.")
    long operations;

    @Option(names = "--clients", defaultValue = "16", description = "Closed-loop clients. Default ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--keys", defaultValue = "500", description = "Counters the cases go round. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--url", description = "Use this running stack instead of starting one.")
    String url;

    @Option(names = "--results", defaultValue = "perf-results", description = "Directory for the JSON and PNG. Default ${DEFAULT-VALUE}/.")
    Path results;

    /** One case: the operation, its level, and what the loop measured. */
    record Case(String operation, String level, LoadResult result) {
    }

    record Report(String startedAt, String url, List<Case> cases, CountCheck.Outcome writesCheck) {
    }

    @Override
    public Integer call() throws Exception {
        if (operations < 1 || clients < 1 || keys < 1) {
            throw new IllegalArgumentException("--operations, --clients and --keys must be positive");
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String run = Long.toString(System.currentTimeMillis(), 36);
        // No hot-key spill, so both write levels take the same path and only acks differ.
        try (BenchStack bench = url == null ? BenchStack.up(BenchStack.spec(6), Map.of("EXCESS_THRESHOLD", "1000000"), System.err) : null) {
            ApiClient api = new ApiClient(bench == null ? url : bench.spec().apiUrl());
            List<String> names = IntStream.range(0, keys).mapToObj(i -> "cons-" + run + "-" + i).toList();
            Map<String, Long> written = new HashMap<>();
            new LoadLoop("warm-up", api, clients, Math.max(names.size(), 2_000), n -> names.get((int) (n % names.size())))
                    .start().await().acceptedByKey().forEach((k, n) -> written.merge(k, n, Long::sum));

            List<Case> cases = new ArrayList<>();
            for (String level : List.of("strong", "eventual")) {
                LoadResult result = loop("write " + level, api, names,
                        key -> api.post("/counter/" + ApiClient.segment(key) + "/increment?consistency=" + level), 202);
                result.acceptedByKey().forEach((k, n) -> written.merge(k, n, Long::sum));
                cases.add(new Case("write", level, result));
            }
            for (String level : List.of("eventual", "strong", "max_lag=0")) {
                String query = level.startsWith("max_lag") ? level : "consistency=" + level;
                cases.add(new Case("read", level, loop("read " + level, api, names,
                        key -> api.get("/counter/" + ApiClient.segment(key) + "?" + query), 200)));
            }
            CountCheck.Outcome check = new CountCheck(api::value, Duration.ofSeconds(60), Duration.ofMillis(200)).await(written);
            Report report = new Report(startedAt, api.baseUrl(), cases, check);
            print(report);
            Path json = Results.json(results, "consistency", startedAt, report);
            Charts.bars("Throughput per consistency level (seed 004)", "operation and level", "operations per second",
                    cases.stream().map(c -> c.operation() + " " + c.level()).toList(),
                    Map.of("ops/s", cases.stream().map(c -> Math.rint(c.result().acceptedPerSecond())).toList()),
                    Results.chart(json, "throughput"));
            System.out.println("results: " + json.toAbsolutePath());
            boolean clean = check.exact() && cases.stream().allMatch(c -> c.result().errors() == 0);
            return clean ? 0 : 1;
        }
    }

    private LoadResult loop(String name, ApiClient api, List<String> names, Function<String, ApiClient.Reply> request, int success)
            throws InterruptedException {
        return new LoadLoop(name, api, clients, operations, n -> names.get((int) ((n * 7919) % names.size())), request, success)
                .start().await();
    }

    private static void print(Report report) {
        System.out.println();
        System.out.println(LoadResult.header());
        report.cases().forEach(c -> System.out.println(c.result().row()));
        CountCheck.Outcome check = report.writesCheck();
        System.out.printf("writes: %d keys, %d increments accepted at either level, counted %s%n", check.keys(),
                check.expectedTotal(), check.exact() ? "exactly" : "WRONG");
        check.mismatches().stream().limit(10).forEach(m -> System.out.println("    MISMATCH " + m));
    }
}
