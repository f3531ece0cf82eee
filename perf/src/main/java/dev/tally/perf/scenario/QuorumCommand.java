package dev.tally.perf.scenario;

import dev.tally.compose.net.Faults;
import dev.tally.compose.stack.StackSpec;
import dev.tally.perf.OptionValues;
import dev.tally.perf.ResultsOption;
import dev.tally.perf.TargetOptions;
import dev.tally.perf.check.CountCheck;
import dev.tally.perf.check.Expectation;
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
 * {@code perf quorum}: increment latency at acks=1 and at acks=all for every write quorum
 * (min.insync.replicas 1..RF), and how often the active and the standby copy of a counter disagree
 * right after the writes and once they have settled. With {@code --url --home}, the quorums that
 * stack's replication factor allows, its original quorum put back at the end. Closed loops of a
 * few connections: the cases differ in latency, which a small fixed concurrency shows without
 * queueing behind a saturated broker.
 */
@Command(name = "quorum", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Increment latency per write quorum (acks=1, acks=all with min.insync.replicas 1..RF) and",
                "active/standby mismatch. Starts its own stack (RF = --brokers) unless --url and --home are given."})
public final class QuorumCommand implements Callable<Integer> {

    @Mixin TargetOptions target;
    @Mixin ResultsOption results;
    @Spec CommandSpec command;

    @Option(names = "--brokers", defaultValue = "5", description = "Brokers, and the replication factor, of the stack started. Default ${DEFAULT-VALUE}.")
    int brokers;

    @Option(names = "--writes", defaultValue = "5000", description = "Increments per case. Default ${DEFAULT-VALUE}.")
    int writes;

    @Option(names = "--warm-up", defaultValue = "5000", description = "Increments sent first, not measured. Default ${DEFAULT-VALUE}.")
    int warmUp;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds of all cases the writes are split over. Default ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--keys", defaultValue = "200", description = "Counters written and compared. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--connections", defaultValue = "8", description = "Closed-loop connections. Default ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--settle", defaultValue = "2", description = "Seconds before the second comparison. Default ${DEFAULT-VALUE}.")
    double settleSeconds;

    @Option(names = "--lag", paramLabel = "MIN-MAX", description = "Hold every chunk to and from one broker a random MIN..MAX ms"
            + " (fault proxies, as `bin/tally net lag`) while measuring; the stack started is behind proxies. Default: no lag.")
    String lag;

    @Option(names = "--lag-broker", defaultValue = "1", description = "The broker --lag slows. Default ${DEFAULT-VALUE}.")
    int lagBroker;

    /** One case: the acks the API's producer uses and the write quorum of the topics. */
    record Case(String acks, int minInsyncReplicas, RunResult writes, int keysCompared, int mismatchedImmediately,
                int mismatchedSettled) {
    }

    /** @param lag the lag put on one broker while measuring, e.g. {@code broker-1 0-1000}, or null */
    record Report(String startedAt, String mode, Map<String, Object> options, StackView stack, int originalQuorum,
                  String lag, List<Case> cases, CountCheck.Outcome check) {
    }

    /** One case of the table. */
    private record Step(String acks, int minInsyncReplicas, String level) {
        String label() {
            return acks + (acks.equals("acks=1") ? "" : " Q=" + minInsyncReplicas);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (brokers < 1 || writes < 1 || keys < 1 || connections < 1 || warmUp < 0 || rounds < 1 || rounds > writes) {
            throw new IllegalArgumentException("--brokers, --writes, --keys, --connections and --rounds must be positive, --rounds <= --writes");
        }
        if (lag != null) {
            Faults.Lag.parse(lag);
            if (lagBroker < 1 || lagBroker > brokers) {
                throw new IllegalArgumentException("--lag-broker must be one of the stack's brokers, 1 to " + brokers);
            }
        }
        RunId run = RunId.fresh();
        StackSpec shape = new StackSpec(brokers, brokers, 1, 6, 2, 1, 8000, 19090, 19190, 8100);
        Map<String, String> settings = Map.of("EXCESS_THRESHOLD", "1000000");
        try (StackTarget stack = lag != null ? target.openWithNetFaults(shape, settings, System.err)
                : target.open(true, shape, settings, System.err)) {
            StackView view = stack.view();
            try {
                return measure(stack, view, run);
            } finally {
                // A running stack gets its own write quorum back, and loses the lag, whatever happened.
                stack.stack().setWriteQuorum(view.writeQuorum());
                if (lag != null) {
                    stack.net().heal(laggedBroker());
                }
            }
        }
    }

    private int measure(StackTarget stack, StackView view, RunId run) throws Exception {
        List<String> names = Loads.keys(run, "quorum", "keys", keys);
        CopyComparison copies = new CopyComparison(view.processorUrls(), stack.stack().home());
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("acks=1", view.writeQuorum(), "eventual"));
        for (int quorum = 1; quorum <= view.replicationFactor(); quorum++) {
            steps.add(new Step("acks=all", quorum, "strong"));
        }
        Map<Step, IncrementLedger> ledgers = new LinkedHashMap<>();
        steps.forEach(step -> ledgers.put(step, IncrementLedger.sameRequestPerKey(names, KeyChoice.ROUND_ROBIN,
                key -> Loads.increment(key, step.level()))));
        if (warmUp > 0) {
            // Cold JVMs (and the API's acks=1 producer, used by no other case) would make whichever case runs first the slowest.
            for (Step step : steps.subList(0, 2)) {
                send(stack, step, ledgers.get(step), "warm-up " + step.label(), Math.max(1, warmUp / 2));
            }
        }
        if (lag != null) {
            System.err.printf("%-10s %s", "net", stack.net().lag(laggedBroker(), lag));
        }
        // Round after round of every case, so that what drifts over a run (JIT, page cache, the other
        // processes' load) spreads over all cases instead of favouring the last ones.
        Map<Step, List<RunResult>> parts = new LinkedHashMap<>();
        Map<Step, int[]> mismatched = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            long perRound = writes / rounds + (round <= writes % rounds ? 1 : 0);
            for (Step step : steps) {
                stack.stack().setWriteQuorum(step.minInsyncReplicas());
                parts.computeIfAbsent(step, s -> new ArrayList<>())
                        .add(send(stack, step, ledgers.get(step), step.label() + " round " + round, perRound));
                int[] counts = mismatched.computeIfAbsent(step, s -> new int[2]);
                counts[0] += copies.mismatches(names);
                Thread.sleep(Math.round(settleSeconds * 1000));
                counts[1] += copies.mismatches(names);
            }
        }
        List<Case> cases = steps.stream().map(step -> new Case(step.acks(), step.minInsyncReplicas(),
                RunResult.merge(step.label(), parts.get(step)), names.size() * rounds, mismatched.get(step)[0],
                mismatched.get(step)[1])).toList();
        Expectation written = ledgers.values().stream().map(IncrementLedger::expectation)
                .reduce(Expectation.exactly(Map.of()), Expectation::plus);
        CountCheck.Outcome check = Loads.counted(stack, written);
        String lagged = lag == null ? null : laggedBroker() + " " + lag + " ms";
        Report report = new Report(results.startedAt(), stack.mode(), OptionValues.of(command), view, view.writeQuorum(),
                lagged, cases, check);
        print(report);
        Path json = results.writeJson("quorum", report);
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("p50", cases.stream().map(c -> c.writes().latency().p50Ms()).toList());
        series.put("p99", cases.stream().map(c -> c.writes().latency().p99Ms()).toList());
        Charts.bars("Increment latency per write quorum (RF " + view.replicationFactor() + ")"
                        + (lagged == null ? "" : ", lag on " + lagged), "acks and min.insync.replicas",
                "milliseconds", cases.stream().map(c -> c.writes().name()).toList(), series, ResultFiles.chart(json, "latency"));
        System.out.println("results: " + json.toAbsolutePath());
        return check.exact() && cases.stream().allMatch(c -> c.writes().successes() == c.writes().requests()) ? 0 : 1;
    }

    private String laggedBroker() {
        return "broker-" + lagBroker;
    }

    private RunResult send(StackTarget stack, Step step, IncrementLedger ledger, String name, long count)
            throws InterruptedException {
        return Loads.closed(stack, connections, name).requests(ledger).onResponse(ledger).bound(Bound.requests(count)).run();
    }

    private static void print(Report report) {
        System.out.println();
        System.out.printf("%-13s %-6s %9s %9s %9s %7s %6s %16s %14s%n", "acks", "minISR", "p50 ms", "p99 ms", "202/s",
                "not 2xx", "gen %", "mismatch at once", "after settling");
        for (Case c : report.cases()) {
            RunResult w = c.writes();
            System.out.printf("%-13s %-6d %9.2f %9.2f %9.0f %7d %6.1f %9d / %-4d %9d / %-4d%n", c.acks(), c.minInsyncReplicas(),
                    w.latency().p50Ms(), w.latency().p99Ms(), w.successesPerSecond(), w.requests() - w.successes(),
                    w.cpu().generatorPercent(), c.mismatchedImmediately(), c.keysCompared(), c.mismatchedSettled(),
                    c.keysCompared());
        }
        LoadRow.table(System.out, report.cases().stream().map(Case::writes).toList());
        if (report.lag() != null) {
            System.out.println("measured with a lag on " + report.lag() + " (each way, every connection of that broker)");
        }
        System.out.printf("write quorum put back to %d; every increment counted: %s%n", report.originalQuorum(),
                report.check().exact() ? "exactly" : "NO");
    }
}
