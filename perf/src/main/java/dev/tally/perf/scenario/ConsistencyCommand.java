package dev.tally.perf.scenario;

import dev.tally.perf.OptionValues;
import dev.tally.perf.ResultsOption;
import dev.tally.perf.TargetOptions;
import dev.tally.perf.check.CountCheck;
import dev.tally.perf.check.Expectation;
import dev.tally.perf.check.IncrementLedger;
import dev.tally.perf.check.KeyChoice;
import dev.tally.perf.check.RunId;
import dev.tally.perf.load.Bound;
import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.RequestSource;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.report.Charts;
import dev.tally.perf.report.LoadRow;
import dev.tally.perf.report.ResultFiles;
import dev.tally.perf.stack.BenchStack;
import dev.tally.perf.stack.StackTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perf consistency}: what each consistency level costs. Writes at {@code strong} (acks=all)
 * and {@code eventual} (acks=1); reads at {@code eventual} (any copy), {@code strong} (the active
 * copy only) and {@code max_lag=0}; the same closed loop for each, one after the other on one
 * stack, after a warm-up of every case. Closed loops: the levels are compared by what each sustains.
 */
@Command(name = "consistency", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Throughput and latency of writes and reads at each consistency level. Starts its own stack unless --url.")
public final class ConsistencyCommand implements Callable<Integer> {

    @Mixin TargetOptions target;
    @Mixin ResultsOption results;
    @Spec CommandSpec command;

    @Option(names = "--operations", defaultValue = "20000", description = "Operations per case. Default ${DEFAULT-VALUE}.")
    long operations;

    @Option(names = "--connections", defaultValue = "32", description = "Closed-loop connections. Default ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--keys", defaultValue = "500", description = "Counters the cases go round. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--warm-up", defaultValue = "5000", description = "Operations of every case first, not measured. Default ${DEFAULT-VALUE}.")
    long warmUp;

    /** One case: the operation, its level, and what the loop measured. */
    record Case(String operation, String level, RunResult result) {
    }

    record Report(String startedAt, String url, String mode, Map<String, Object> options, List<Case> cases,
                  CountCheck.Outcome writesCheck) {
    }

    /** How one case's requests are made: a write ledger for writes (so they are counted), plain reads otherwise. */
    private record Level(String operation, String level, RequestSource requests, IncrementLedger ledger) {
    }

    @Override
    public Integer call() throws Exception {
        if (operations < 1 || connections < 1 || keys < 1 || warmUp < 0) {
            throw new IllegalArgumentException("--operations, --connections and --keys must be positive");
        }
        RunId run = RunId.fresh();
        // No hot-key spill on a stack of its own, so both write levels take the same path and only acks differ.
        try (StackTarget stack = target.open(false, BenchStack.defaultShape(6), Map.of("EXCESS_THRESHOLD", "1000000"),
                System.err)) {
            List<String> names = Loads.keys(run, "consistency", "keys", keys);
            List<Level> levels = List.of(write("strong", names), write("eventual", names),
                    read("eventual", "consistency=eventual", names), read("strong", "consistency=strong", names),
                    read("max_lag=0", "max_lag=0", names));
            // Every path warms up before any is measured: otherwise whichever runs first looks slowest.
            for (Level level : warmUp > 0 ? levels : List.<Level>of()) {
                run(stack, level, "warm-up " + level.operation() + " " + level.level(), warmUp);
            }
            List<Case> cases = new ArrayList<>();
            for (Level level : levels) {
                cases.add(new Case(level.operation(), level.level(),
                        run(stack, level, level.operation() + " " + level.level(), operations)));
            }
            Expectation written = levels.get(0).ledger().expectation().plus(levels.get(1).ledger().expectation());
            CountCheck.Outcome check = Loads.counted(stack, written);
            Report report = new Report(results.startedAt(), stack.apiUrl(), stack.mode(), OptionValues.of(command), cases, check);
            System.out.println();
            LoadRow.table(System.out, cases.stream().map(Case::result).toList());
            System.out.printf("writes: %d keys, %d increments accepted at either level, counted %s%n", check.keys(),
                    check.acceptedTotal(), check.exact() ? "exactly" : "WRONG");
            check.mismatches().stream().limit(10).forEach(m -> System.out.println("    MISMATCH " + m));
            Path json = results.writeJson("consistency", report);
            Charts.bars("Throughput per consistency level", "operation and level", "operations per second",
                    cases.stream().map(c -> c.operation() + " " + c.level()).toList(),
                    Map.of("ops/s", cases.stream().map(c -> Math.rint(c.result().successesPerSecond())).toList()),
                    ResultFiles.chart(json, "throughput"));
            System.out.println("results: " + json.toAbsolutePath());
            return check.exact() && cases.stream().allMatch(c -> c.result().successes() == c.result().requests()) ? 0 : 1;
        }
    }

    /** Writes at a level, each key in turn (a stride through them would not spread them more evenly). */
    private static Level write(String level, List<String> names) {
        IncrementLedger ledger = IncrementLedger.sameRequestPerKey(names, KeyChoice.ROUND_ROBIN,
                key -> Loads.increment(key, level));
        return new Level("write", level, ledger, ledger);
    }

    private static Level read(String level, String query, List<String> names) {
        return new Level("read", level, index -> Loads.read(names.get((int) (index % names.size())), query), null);
    }

    private RunResult run(StackTarget stack, Level level, String name, long count) throws InterruptedException {
        LoadGenerator load = Loads.closed(stack, connections, name).requests(level.requests()).bound(Bound.requests(count));
        if (level.ledger() != null) {
            load.onResponse(level.ledger());
        }
        return load.run();
    }
}
