package dev.tally.perf.scenario;

import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.StackSpec;
import dev.tally.domain.Partitions;
import dev.tally.perf.OptionValues;
import dev.tally.perf.ResultsOption;
import dev.tally.perf.TargetOptions;
import dev.tally.perf.check.CountCheck;
import dev.tally.perf.check.IncrementLedger;
import dev.tally.perf.check.KeyChoice;
import dev.tally.perf.check.RunId;
import dev.tally.perf.load.Bound;
import dev.tally.perf.report.ResultFiles;
import dev.tally.perf.stack.StackTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perf rebalance}: the share of keys whose owner changes when a processor joins and when it
 * leaves again. A key never leaves its partition; Kafka Streams moves whole tasks, and its sticky
 * assignor moves as few as it can. Beside it, modulo and consistent hashing on the same keys, and
 * the figures a public reference comparison of those two placements publishes. With {@code --url
 * --home}: a processor joins that stack and leaves again, under each assignor asked for (the
 * processors restarted with it, and with what they ran before at the end).
 */
@Command(name = "rebalance", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Share of keys (and partitions) that change processor when one joins and when it leaves, beside modulo",
                "and consistent hashing on the same keys and a public reference's 74.6 % / 24.6 %. Starts a stack per",
                "assignor unless --url and --home are given."})
public final class RebalanceCommand implements Callable<Integer> {

    /** Keys moved out of 1,000 when a fourth node joins three, as a public reference comparison of the placements publishes. */
    static final double REFERENCE_MODULO = 0.746;
    static final double REFERENCE_CONSISTENT_HASHING = 0.246;
    /** The processors' TASK_ASSIGNOR values. */
    static final List<String> ASSIGNORS = List.of("high-availability", "sticky");

    @Mixin TargetOptions target;
    @Mixin ResultsOption results;
    @Spec CommandSpec command;

    @Option(names = "--assignors", defaultValue = "high-availability,sticky", split = ",",
            description = "Kafka Streams task assignors to measure (TASK_ASSIGNOR). Default ${DEFAULT-VALUE}.")
    List<String> assignors;

    @Option(names = "--keys", defaultValue = "1000", description = "Counters, one increment each. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--processors", defaultValue = "3", description = "Processors of a stack started, before one joins. Default ${DEFAULT-VALUE}.")
    int processors;

    @Option(names = "--partitions", defaultValue = "12", description = "Partitions of a stack started. Default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--brokers", defaultValue = "3", description = "Brokers of a stack started. Default ${DEFAULT-VALUE}.")
    int brokers;

    @Option(names = "--connections", defaultValue = "8", description = "Closed-loop connections writing the keys. Default ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--settle-timeout", defaultValue = "180", description = "Seconds to wait for an assignment to settle. Default ${DEFAULT-VALUE}.")
    int settleTimeoutSeconds;

    /**
     * One membership change under one assignor: how many partitions and keys changed owner (and how
     * many of those partitions went to an instance that already kept a standby copy, so nothing had to
     * be restored), and how long until the assignment settled.
     */
    record Change(String assignor, String name, int processorsBefore, int processorsAfter, int partitionsMoved,
                  int partitionsMovedToStandby, double keysMoved, double idealKeysMoved, double settledSeconds,
                  Map<Integer, String> ownersBefore, Map<Integer, String> ownersAfter, CountCheck.Outcome check) {
    }

    /** The same membership change under another placement, on the same keys (or as published); {@code label} for the chart. */
    record Placement(String name, String label, double keysMoved) {
    }

    record Report(String startedAt, String mode, Map<String, Object> options, int partitions, int keys,
                  List<Change> changes, List<Placement> placements, boolean exact) {
    }

    @Override
    public Integer call() throws Exception {
        if (keys < 1 || processors < 1 || partitions < processors + 1 || connections < 1 || brokers < 1) {
            throw new IllegalArgumentException("--keys, --processors, --brokers and --connections must be positive, --partitions > --processors");
        }
        if (assignors.isEmpty() || !ASSIGNORS.containsAll(assignors)) {
            throw new IllegalArgumentException("--assignors takes " + String.join(" and/or ", ASSIGNORS) + ", not " + assignors);
        }
        RunId run = RunId.fresh();
        int replication = Math.min(3, brokers);
        StackSpec shape = new StackSpec(brokers, replication, StackSpec.defaultMinInsync(replication), partitions, processors, 1,
                8000, 19090, 19190, 8100);
        List<Change> changes = new ArrayList<>();
        int members = processors;
        int topicPartitions = partitions;
        for (String assignor : assignors) {
            System.err.printf("%-10s task assignor %s%n", "perf", assignor);
            // A stack of its own per assignor; a running stack once per assignor, its processors switched to it and back.
            try (StackTarget stack = target.open(true, shape, Map.of(ProcessorGroup.TASK_ASSIGNOR, assignor), System.err)) {
                ProcessorGroup group = new ProcessorGroup(stack.stack());
                members = group.size();
                topicPartitions = stack.view().partitions();
                List<String> names = Loads.keys(run, "rebalance", assignor, keys);
                try {
                    group.switchTo(assignor);
                    changes.addAll(joinAndLeave(stack, group, assignor, names, topicPartitions));
                } finally {
                    group.restore();
                }
            }
        }
        List<Placement> placements = placements(Loads.keys(run, "rebalance", "placements", keys), members);
        boolean exact = changes.stream().allMatch(c -> c.check().exact());
        Report report = new Report(results.startedAt(), target.running() ? "--url" : "own stacks", OptionValues.of(command),
                topicPartitions, keys, changes, placements, exact);
        RebalanceReport.print(report);
        Path json = results.writeJson("rebalance", report);
        RebalanceReport.chart(report, ResultFiles.chart(json, "keys-moved"));
        System.out.println("results: " + json.toAbsolutePath());
        return exact ? 0 : 1;
    }

    /** One increment per key, then a processor joins, then it leaves; every count checked after each change. */
    private List<Change> joinAndLeave(StackTarget stack, ProcessorGroup group, String assignor, List<String> names,
                                      int topicPartitions) throws Exception {
        IncrementLedger ledger = IncrementLedger.sameRequestPerKey(names, KeyChoice.ROUND_ROBIN, Loads::increment);
        Loads.closed(stack, connections, assignor + ": write keys").requests(ledger).onResponse(ledger)
                .bound(Bound.requests(names.size())).run();
        Loads.counted(stack, ledger.expectation());
        Duration timeout = Duration.ofSeconds(settleTimeoutSeconds);
        int from = group.size();
        Set<String> members = group.endpoints(from);
        Assignment before = Assignment.awaitSettled(members, topicPartitions, timeout, stack.stack().home());

        long start = System.nanoTime();
        Instance joiner = group.join(assignor);
        Assignment joined;
        try {
            joined = Assignment.awaitSettled(group.endpoints(from + 1), topicPartitions, timeout, stack.stack().home());
        } catch (RuntimeException | InterruptedException e) {
            group.leave(joiner);
            throw e;
        }
        Change join = change(assignor, "join " + from + "→" + (from + 1), from, from + 1, names, before, joined, start,
                Loads.counted(stack, ledger.expectation()), topicPartitions);

        start = System.nanoTime();
        group.leave(joiner);
        Assignment left = Assignment.awaitSettled(members, topicPartitions, timeout, stack.stack().home());
        Change leave = change(assignor, "leave " + (from + 1) + "→" + from, from + 1, from, names, joined, left, start,
                Loads.counted(stack, ledger.expectation()), topicPartitions);
        return List.of(join, leave);
    }

    private static Change change(String assignor, String name, int from, int to, List<String> names, Assignment before,
                                 Assignment after, long startNanos, CountCheck.Outcome check, int partitions) {
        Function<String, String> ownerBefore = key -> before.owners().get(Partitions.forKey(key, partitions));
        Function<String, String> ownerAfter = key -> after.owners().get(Partitions.forKey(key, partitions));
        List<Integer> moved = before.owners().keySet().stream()
                .filter(p -> !before.owners().get(p).equals(after.owners().get(p))).toList();
        int toStandby = (int) moved.stream()
                .filter(p -> before.standbys().getOrDefault(p, Set.of()).contains(after.owners().get(p))).count();
        // The fewest keys any placement can move: the joiner's fair share, or the leaver's.
        double ideal = 1.0 / Math.max(from, to);
        return new Change(assignor, name, from, to, moved.size(), toStandby, KeyMovement.shareMoved(names, ownerBefore, ownerAfter),
                ideal, (after.atNanos() - startNanos) / 1e9, before.owners(), after.owners(), check);
    }

    private static List<Placement> placements(List<String> names, int members) {
        return List.of(
                new Placement("modulo, same keys", "modulo", KeyMovement.shareMoved(names, KeyMovement.modulo(members),
                        KeyMovement.modulo(members + 1))),
                new Placement("consistent hashing, same keys", "consistent hashing", KeyMovement.shareMoved(names,
                        KeyMovement.consistentHashing(members), KeyMovement.consistentHashing(members + 1))),
                new Placement("public reference, modulo (3→4, 1,000 keys)", "reference modulo", REFERENCE_MODULO),
                new Placement("public reference, consistent hashing (3→4)", "reference cons. hashing", REFERENCE_CONSISTENT_HASHING));
    }
}
