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
 * only) and {@code max_lag=0}; the same closed loop for each, one after the other on one stack,
 * after a warm-up of every case.
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

    @Option(names = "--warm-up", defaultValue = "5000",
            description = "Operations of every case first, not measured. Default ${DEFAULT-VALUE}.")
    long warmUp;

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
        if (operations < 1 || clients < 1 || keys < 1 || warmUp < 0) {
            throw new IllegalArgumentException("--operations, --clients and --keys must be positive");
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String run = Long.toString(System.currentTimeMillis(), 36);
        // No hot-key spill, so both write levels take the same path and only acks differ.
        try (BenchStack bench = url == null ? BenchStack.up(BenchStack.spec(6), Map.of("EXCESS_THRESHOLD", "1000000"), System.err) : null) {
            ApiClient api = new ApiClient(bench == null ? url : bench.spec().apiUrl());
            List<String> names = IntStream.range(0, keys).mapToObj(i -> "cons-" + run + "-" + i).toList();
            Map<String, Long> written = new HashMap<>();
            new LoadLoop("keys", api, clients, names.size(), n -> names.get((int) n))
                    .start().await().acceptedByKey().forEach((k, n) -> written.merge(k, n, Long::sum));

            List<Level> levels = List.of(
                    write("strong", api), write("eventual", api),
                    read("eventual", "consistency=eventual", api), read("strong", "consistency=strong", api),
                    read("max_lag=0", "max_lag=0", api));
            // Every path warms up before any is measured: otherwise whichever runs first looks slowest.
            for (Level level : warmUp > 0 ? levels : List.<Level>of()) {
                run(level, "warm-up " + level.operation() + " " + level.level(), warmUp, names, written);
            }
            List<Case> cases = new ArrayList<>();
            for (Level level : levels) {
                cases.add(new Case(level.operation(), level.level(),
                        run(level, level.operation() + " " + level.level(), operations, names, written)));
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

    /** One case of the table: how to send one operation at this level, and which status means done. */
    private record Level(String operation, String level, Function<String, ApiClient.Reply> request, int success) {
    }

    private static Level write(String level, ApiClient api) {
        return new Level("write", level, key -> api.increment(key, level), 202);
    }

    private static Level read(String level, String query, ApiClient api) {
        return new Level("read", level, key -> api.get("/counter/" + ApiClient.segment(key) + "?" + query), 200);
    }

    /** Runs {@code count} operations of the level; the increments it wrote go into {@code written}. */
    private LoadResult run(Level level, String name, long count, List<String> names, Map<String, Long> written)
            throws InterruptedException {
        LoadResult result = new LoadLoop(name, clients, count, n -> names.get((int) ((n * 7919) % names.size())),
                level.request(), level.success()).start().await();
        if (level.operation().equals("write")) {
            result.acceptedByKey().forEach((k, n) -> written.merge(k, n, Long::sum));
        }
        return result;
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
