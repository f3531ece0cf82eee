package dev.tally.perf;

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
 * Seed 002's report: what replication costs. The same mixed load (reads and increments) on the same
 * number of brokers for each replication factor, one fresh stack per factor, beside the figures a
 * public implementation of seed 002 reports.
 */
@Command(name = "replication", mixinStandardHelpOptions = true,
        description = {"Throughput and latency of a 50/50 read/increment load for each replication factor,",
                "on a fresh stack per factor (default 7 brokers), against seed 002's published figures."})
final class ReplicationCommand implements Callable<Integer> {

    /** ops/s a public implementation of seed 002 reports for 1, 3 and 5 replicas. */
    static final Map<Integer, Double> SEED_002 = Map.of(1, 2_561.0, 3, 1_643.0, 5, 1_199.0);

    @Option(names = "--operations", defaultValue = "200000", description = "Operations per replication factor. Default ${DEFAULT-VALUE}.")
    long operations;

    @Option(names = "--read-share", defaultValue = "0.5", description = "Share of the operations that are reads. Default ${DEFAULT-VALUE}.")
    double readShare;

    @Option(names = "--keys", defaultValue = "1000", description = "Counters the load goes round. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--clients", defaultValue = "32", description = "Closed-loop clients, split by the read share. Default ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--warm-up", defaultValue = "20000",
            description = "Operations of the same mix first, not measured: each stack's JVMs start cold. Default ${DEFAULT-VALUE}.")
    long warmUp;

    @Option(names = "--rate", defaultValue = "0",
            description = "Open loop: operations per second to offer (latency counted from each one's due time); 0 = closed loop. Default ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--brokers", defaultValue = "7", description = "Brokers of every stack. Default ${DEFAULT-VALUE}.")
    int brokers;

    @Option(names = "--replication-factors", defaultValue = "1,3,5", split = ",", description = "Default ${DEFAULT-VALUE}.")
    List<Integer> factors;

    @Option(names = "--partitions", defaultValue = "6", description = "Default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--results", defaultValue = "perf-results", description = "Directory for the JSON and PNG. Default ${DEFAULT-VALUE}/.")
    Path results;

    /** One replication factor's run. */
    record Row(int replicationFactor, int minInsyncReplicas, MixedLoad.Result load, Double seed002OpsPerSecond,
               Double timesSeed002, CountCheck.Outcome check) {
    }

    record Report(String startedAt, Map<String, Object> options, int availableProcessors, List<Row> rows, boolean exact,
                  List<String> notes) {
    }

    @Override
    public Integer call() throws Exception {
        if (operations < 2 || keys < 1 || clients < 2 || rate < 0 || warmUp < 0 || factors.stream().anyMatch(rf -> rf < 1 || rf > brokers)) {
            throw new IllegalArgumentException("--operations ≥ 2, --clients ≥ 2, --keys ≥ 1, every replication factor 1..--brokers");
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<Row> rows = new ArrayList<>();
        for (int rf : factors) {
            StackSpec spec = new StackSpec(brokers, rf, StackSpec.defaultMinInsync(rf), partitions, 2, 1,
                    BenchStack.API_PORT, 29590, 29690, 18400);
            System.err.printf("%-10s replication factor %d on %d brokers%n", "perf", rf, brokers);
            // No hot-key spill: this measures replication, not the excess path.
            try (BenchStack bench = BenchStack.up(spec, Map.of("EXCESS_THRESHOLD", "1000000"), System.err)) {
                ApiClient api = new ApiClient(spec.apiUrl());
                List<String> names = IntStream.range(0, keys).mapToObj(i -> "rep-" + run + "-rf" + rf + "-" + i).toList();
                // Every key exists before the reads start.
                LoadResult created = new LoadLoop("rf " + rf + " keys", api, clients, names.size(), n -> names.get((int) n)).start().await();
                Map<String, Long> expected = new LinkedHashMap<>(created.acceptedByKey());
                if (warmUp > 0) {
                    // The JIT, the connections and the brokers' page cache warm up on the same mix.
                    MixedLoad.Result warm = MixedLoad.run("rf " + rf + " warm-up", api, clients, Math.max(2, warmUp), readShare, names, 0);
                    warm.increments().acceptedByKey().forEach((k, n) -> expected.merge(k, n, Long::sum));
                }
                MixedLoad.Result load = MixedLoad.run("rf " + rf, api, clients, operations, readShare, names, rate);
                load.increments().acceptedByKey().forEach((k, n) -> expected.merge(k, n, Long::sum));
                CountCheck.Outcome check = new CountCheck(api::value, Duration.ofSeconds(60), Duration.ofMillis(200)).await(expected);
                Double seed = SEED_002.get(rf);
                rows.add(new Row(rf, spec.minInsyncReplicas(), load, seed, seed == null ? null : load.opsPerSecond() / seed, check));
            }
        }
        boolean exact = rows.stream().allMatch(r -> r.check().exact());
        Report report = new Report(startedAt, options(), Runtime.getRuntime().availableProcessors(), rows, exact, List.of(
                "one fresh stack per replication factor: " + brokers + " brokers, min.insync.replicas min(2, RF), "
                        + partitions + " partitions, 2 processors with 1 standby, no hot-key spill",
                (rate > 0 ? "open loop at " + rate + " ops/s, latency from each operation's due time, " : "closed loops: ")
                        + clients + " clients split by the read share; the load generator shares the machine's cores"));
        print(report);
        Path json = Results.json(results, "replication", startedAt, report);
        Path png = chart(rows, Results.chart(json, "throughput"));
        System.out.println("results: " + json.toAbsolutePath() + ", " + png.toAbsolutePath());
        return exact ? 0 : 1;
    }

    private static Path chart(List<Row> rows, Path file) throws java.io.IOException {
        List<String> categories = rows.stream().map(r -> "RF " + r.replicationFactor()).toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("tally (reads + increments)", rows.stream().map(r -> Math.rint(r.load().opsPerSecond())).toList());
        if (rows.stream().allMatch(r -> r.seed002OpsPerSecond() != null)) {
            series.put("seed 002 public implementation", rows.stream().map(Row::seed002OpsPerSecond).toList());
        }
        return Charts.bars("Throughput against replication factor (50/50 reads and increments)", "replication factor",
                "operations per second", categories, series, file);
    }

    private static void print(Report report) {
        System.out.println();
        System.out.printf("%-4s %-6s %10s %10s %9s %9s %9s %9s %7s %s%n", "RF", "minISR", "ops/s", "seed 002", "x seed",
                "incr p50", "incr p99", "read p99", "errors", "counts");
        for (Row r : report.rows()) {
            MixedLoad.Result load = r.load();
            System.out.printf("%-4d %-6d %10.0f %10s %9s %9.2f %9.2f %9.2f %7d %s%n", r.replicationFactor(), r.minInsyncReplicas(),
                    load.opsPerSecond(), r.seed002OpsPerSecond() == null ? "-" : String.format("%.0f", r.seed002OpsPerSecond()),
                    r.timesSeed002() == null ? "-" : String.format("%.1f", r.timesSeed002()),
                    p(load.increments(), 50), p(load.increments(), 99), p(load.reads(), 99), load.errors(),
                    r.check().exact() ? "exact" : "WRONG");
        }
        System.out.println(LoadResult.header());
        report.rows().forEach(r -> {
            System.out.println(r.load().increments().row());
            System.out.println(r.load().reads().row());
        });
        report.notes().forEach(n -> System.out.println("note: " + n));
    }

    private static double p(LoadResult result, int percentile) {
        LoadResult.Latency l = result.latency();
        return l == null ? Double.NaN : percentile == 50 ? l.p50Ms() : l.p99Ms();
    }

    private Map<String, Object> options() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("operations", operations);
        options.put("readShare", readShare);
        options.put("keys", keys);
        options.put("warmUp", warmUp);
        options.put("clients", clients);
        options.put("rate", rate);
        options.put("brokers", brokers);
        options.put("replicationFactors", factors);
        options.put("partitions", partitions);
        return options;
    }
}
