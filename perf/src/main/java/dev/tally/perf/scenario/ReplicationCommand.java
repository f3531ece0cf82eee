package dev.tally.perf.scenario;

import dev.tally.compose.stack.StackSpec;
import dev.tally.perf.OptionValues;
import dev.tally.perf.ResultsOption;
import dev.tally.perf.TargetOptions;
import dev.tally.perf.check.CountCheck;
import dev.tally.perf.check.IncrementLedger;
import dev.tally.perf.check.KeyChoice;
import dev.tally.perf.check.RunId;
import dev.tally.perf.load.Bound;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.report.Charts;
import dev.tally.perf.report.LoadRow;
import dev.tally.perf.report.ResultFiles;
import dev.tally.perf.stack.StackTarget;
import dev.tally.perf.stack.StackView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perf replication}: what replication costs. The same mixed load of reads and increments for
 * each replication factor, one fresh stack per factor on the same number of brokers, beside the
 * throughput a public reference implementation of the same service publishes for 1, 3 and 5
 * replicas. With {@code --url}, one row: the replication factor that stack has. Closed loops by
 * default, since the reference figures are throughput at saturation; {@code --rate} makes them open.
 */
@Command(name = "replication", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Throughput and latency of a read/increment mix for each replication factor, one fresh stack per",
                "factor (default 7 brokers), beside a public reference implementation's published figures.",
                "With --url: the replication factor that stack has."})
public final class ReplicationCommand implements Callable<Integer> {

    /** Operations per second a public reference implementation of the service publishes for 1, 3 and 5 replicas. */
    static final Map<Integer, Double> REFERENCE_OPS_PER_SECOND = Map.of(1, 2_561.0, 3, 1_643.0, 5, 1_199.0);

    @Mixin TargetOptions target;
    @Mixin ResultsOption results;
    @Spec CommandSpec command;

    @Option(names = "--operations", defaultValue = "200000", description = "Operations per replication factor. Default ${DEFAULT-VALUE}.")
    long operations;

    @Option(names = "--read-share", defaultValue = "0.5", description = "Share of the operations that are reads. Default ${DEFAULT-VALUE}.")
    double readShare;

    @Option(names = "--keys", defaultValue = "1000", description = "Counters the load goes round. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--connections", defaultValue = "256,1024,2048,4096", split = ",",
            description = {"Closed-loop connections, split by the read share: one step each, the best is the factor's throughput",
                    "(the reference figures are throughput at saturation). Default ${DEFAULT-VALUE}."})
    List<Integer> connections;

    @Option(names = "--stack-warm-up-seconds", defaultValue = "180",
            description = {"Seconds of the same mix at the fewest connections before any step, not measured: a fresh stack's",
                    "JVMs compile their hot code under load for minutes, and a step measured meanwhile measures the",
                    "compiler. Default ${DEFAULT-VALUE}."})
    double stackWarmUpSeconds;

    @Option(names = "--warm-up", defaultValue = "20000",
            description = "Operations of the same mix before each step, not measured, at that step's connections. Default ${DEFAULT-VALUE}.")
    long warmUp;

    @Option(names = "--rate", defaultValue = "0",
            description = "Open loops at this many operations/s instead (latency from each one's due time); 0: closed loops. Default ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--brokers", defaultValue = "7", description = "Brokers of every stack started. Default ${DEFAULT-VALUE}.")
    int brokers;

    @Option(names = "--replication-factors", defaultValue = "1,3,5", split = ",", description = "One stack each (not with --url). Default ${DEFAULT-VALUE}.")
    List<Integer> factors;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of every stack started. Default ${DEFAULT-VALUE}.")
    int partitions;

    /**
     * One replication factor's best step ({@code load}, at {@code connections}), beside every step's throughput;
     * {@code referenceOpsPerSecond} null where the reference publishes none.
     */
    record Row(int replicationFactor, int minInsyncReplicas, int connections, MixedLoad.Result load, Map<Integer, Double> opsPerSecondByConnections,
               Double referenceOpsPerSecond, Double timesReference, CountCheck.Outcome check) {
    }

    record Report(String startedAt, String mode, Map<String, Object> options, int availableProcessors, List<Row> rows,
                  boolean exact, List<String> notes) {
    }

    @Override
    public Integer call() throws Exception {
        if (operations < 2 || keys < 1 || connections.isEmpty() || connections.stream().anyMatch(c -> c < 2) || rate < 0 || warmUp < 0
                || stackWarmUpSeconds < 0
                || factors.stream().anyMatch(rf -> rf < 1 || rf > brokers)) {
            throw new IllegalArgumentException("--operations >= 2, --connections >= 2, --keys >= 1, warm-ups >= 0, every replication factor 1..--brokers");
        }
        RunId run = RunId.fresh();
        List<Row> rows = new ArrayList<>();
        // A running stack is measured with the replication factor it has; else one fresh stack per factor.
        List<StackSpec> shapes = target.running() ? List.of(StackSpec.DEFAULT) : factors.stream()
                .map(rf -> new StackSpec(brokers, rf, StackSpec.defaultMinInsync(rf), partitions, 2, 1, 8000, 19090, 19190, 8100))
                .toList();
        for (StackSpec shape : shapes) {
            // No hot-key spill on a stack of its own: this measures replication, not the excess path.
            try (StackTarget stack = target.open(false, shape, Map.of("EXCESS_THRESHOLD", "1000000"), System.err)) {
                rows.add(measure(stack, run));
            }
        }
        boolean exact = rows.stream().allMatch(r -> r.check().exact());
        Report report = new Report(results.startedAt(), target.running() ? "--url" : "own stacks", OptionValues.of(command),
                Runtime.getRuntime().availableProcessors(), rows, exact, List.of(
                target.running() ? "--url: the stack as it is" : "one fresh stack per replication factor: " + brokers
                        + " brokers, min.insync.replicas min(2, RF), " + partitions + " partitions, 2 processors with 1 standby",
                "each stack warmed up " + Math.round(stackWarmUpSeconds) + " s on the same mix before its steps, and " + warmUp
                        + " operations before each step",
                (rate > 0 ? "open loops at " + rate + " ops/s, latency from each operation's due time; "
                        : "closed loops at " + connections + " connections (split by the read share), the best step counted; ")
                        + "the load generator shares the machine's cores (its share is a column)"));
        print(report);
        Path json = results.writeJson("replication", report);
        System.out.println("results: " + json.toAbsolutePath() + ", " + chart(rows, ResultFiles.chart(json, "throughput")));
        // Unanswered increments that were or were not written are the client's uncertainty, not a
        // miscount: only a counter outside [accepted, accepted + uncertain] fails the run.
        return rows.stream().allMatch(r -> r.check().withinBounds()) ? 0 : 1;
    }

    private Row measure(StackTarget stack, RunId run) throws InterruptedException {
        StackView view = stack.view();
        int rf = view.replicationFactor();
        System.err.printf("%-10s replication factor %d, write quorum %d%n", "perf", rf, view.writeQuorum());
        List<String> names = Loads.keys(run, "replication", "rf" + rf, keys);
        IncrementLedger ledger = IncrementLedger.sameRequestPerKey(names, KeyChoice.ROUND_ROBIN, Loads::increment);
        // Every key exists before the reads start. A fresh stack's JVMs are cold: its first requests are
        // sent at the fewest connections, where they do not queue past the generator's timeout and end
        // without an answer (then not known to be counted or not).
        int fewest = connections.stream().min(Integer::compare).orElseThrow();
        Loads.closed(stack, Math.min(fewest, names.size()), "rf " + rf + " keys").requests(ledger).onResponse(ledger)
                .bound(Bound.requests(names.size())).run();
        if (stackWarmUpSeconds > 0) {
            // At the fewest connections, where a cold stack's slow answers still come within the
            // generator's timeout. Its increments go through the ledger and are counted like the rest.
            MixedLoad.runFor(stack, "rf " + rf + " stack warm-up", ledger, names, fewest, readShare,
                    Duration.ofMillis(Math.round(stackWarmUpSeconds * 1000)));
        }
        if (warmUp >= 2) {
            // The connections and the brokers' page cache warm up on the same mix, at each step's
            // connections in turn, so that the largest one comes last.
            long share = Math.max(2, warmUp / connections.size());
            for (int c : connections.stream().sorted().toList()) {
                MixedLoad.run(stack, "rf " + rf + " warm-up x" + c, ledger, names, c, readShare, share, 0);
            }
        }
        // An open loop has one step: its rate. A closed loop one per --connections, the best being the capacity.
        List<Integer> steps = rate > 0 ? List.of(connections.stream().max(Integer::compare).orElseThrow()) : connections;
        Map<Integer, Double> byConnections = new LinkedHashMap<>();
        MixedLoad.Result best = null;
        int bestConnections = 0;
        for (int c : steps) {
            MixedLoad.Result load = MixedLoad.run(stack, "rf " + rf + " x" + c, ledger, names, c, readShare, operations, rate);
            byConnections.put(c, load.opsPerSecond());
            if (best == null || load.opsPerSecond() > best.opsPerSecond()) {
                best = load;
                bestConnections = c;
            }
        }
        CountCheck.Outcome check = Loads.counted(stack, ledger.expectation());
        Double reference = REFERENCE_OPS_PER_SECOND.get(rf);
        return new Row(rf, view.writeQuorum(), bestConnections, best, byConnections, reference,
                reference == null ? null : best.opsPerSecond() / reference, check);
    }

    private static Path chart(List<Row> rows, Path file) throws java.io.IOException {
        List<String> categories = rows.stream().map(r -> "RF " + r.replicationFactor()).toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("tally (reads + increments)", rows.stream().map(r -> Math.rint(r.load().opsPerSecond())).toList());
        if (rows.stream().allMatch(r -> r.referenceOpsPerSecond() != null)) {
            series.put("public reference implementation (published)", rows.stream().map(Row::referenceOpsPerSecond).toList());
        }
        return Charts.bars("Throughput against replication factor (reads and increments)", "replication factor",
                "operations per second", categories, series, file);
    }

    private static String byConnections(Row r) {
        StringBuilder line = new StringBuilder();
        r.opsPerSecondByConnections().forEach((c, ops) -> line.append(line.length() == 0 ? "" : ", ").append(c).append(": ")
                .append(Math.round(ops)));
        return line.toString();
    }

    private static void print(Report report) {
        System.out.println();
        System.out.printf("%-4s %-6s %6s %10s %10s %9s %7s %7s %-7s %s%n", "RF", "minISR", "conns", "ops/s", "reference", "x ref",
                "errors", "gen %", "counts", "ops/s by connections");
        for (Row r : report.rows()) {
            MixedLoad.Result load = r.load();
            System.out.printf("%-4d %-6d %6d %10.0f %10s %9s %7d %7.1f %-7s %s%n", r.replicationFactor(), r.minInsyncReplicas(),
                    r.connections(), load.opsPerSecond(), r.referenceOpsPerSecond() == null ? "-" : String.format("%.0f", r.referenceOpsPerSecond()),
                    r.timesReference() == null ? "-" : String.format("%.1f", r.timesReference()), load.errors(),
                    load.generatorCpuPercent(), r.check().verdict(), byConnections(r));
        }
        List<RunResult> runs = new ArrayList<>();
        report.rows().forEach(r -> {
            runs.add(r.load().increments());
            runs.add(r.load().reads());
        });
        LoadRow.table(System.out, runs);
        report.notes().forEach(n -> System.out.println("note: " + n));
        report.rows().stream().filter(r -> !r.check().exact() && r.check().withinBounds()).forEach(r -> System.out.printf(
                "note: RF %d bounded: of its increments, %s; every 202 counted once%n",
                r.replicationFactor(), r.check().unansweredAndWritten()));
    }
}
