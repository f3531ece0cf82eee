package dev.tally.perf;

import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.StackSpec;
import dev.tally.domain.Partitions;
import dev.tally.domain.wire.RoutingSnapshot;
import dev.tally.perf.report.Charts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Seed 003's rebalancing figure on a real stack: the share of keys whose owner changes when a
 * processor joins and when it leaves again. A key never leaves its partition; Kafka Streams moves
 * whole tasks, and its sticky assignor moves as few as it can. Beside it, modulo and consistent
 * hashing on the same keys, and seed 003's published figures.
 */
@Command(name = "rebalance", mixinStandardHelpOptions = true,
        description = {"Share of keys (and partitions) that change processor when one joins and when it leaves,",
                "beside modulo and consistent hashing on the same keys and seed 003's 74.6 % / 24.6 %."})
final class RebalanceCommand implements Callable<Integer> {

    /** Seed 003: keys moved out of 1,000 when a fourth node joins three. */
    static final double SEED_003_MODULO = 0.746;
    static final double SEED_003_CONSISTENT_HASHING = 0.246;
    /** The processors' TASK_ASSIGNOR values. */
    static final List<String> ASSIGNORS = List.of("high-availability", "sticky");

    @Option(names = "--assignors", defaultValue = "high-availability,sticky", split = ",",
            description = "Kafka Streams task assignors to measure (TASK_ASSIGNOR), one fresh stack each. Default ${DEFAULT-VALUE}.")
    List<String> assignors;

    @Option(names = "--keys", defaultValue = "1000", description = "Counters, one increment each. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--processors", defaultValue = "3", description = "Processors before one joins. Default ${DEFAULT-VALUE}.")
    int processors;

    @Option(names = "--partitions", defaultValue = "12", description = "Default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--brokers", defaultValue = "3", description = "Default ${DEFAULT-VALUE}.")
    int brokers;

    @Option(names = "--clients", defaultValue = "8", description = "Closed-loop clients writing the keys. Default ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--settle-timeout", defaultValue = "180", description = "Seconds to wait for an assignment to settle. Default ${DEFAULT-VALUE}.")
    int settleTimeoutSeconds;

    @Option(names = "--results", defaultValue = "perf-results", description = "Directory for the JSON and PNG. Default ${DEFAULT-VALUE}/.")
    Path results;

    /**
     * One membership change under one assignor: how many partitions and keys changed owner (and how
     * many of those partitions went to an instance that already kept a standby copy, so nothing had to
     * be restored), and how long until the assignment settled.
     */
    record Change(String assignor, String name, int processorsBefore, int processorsAfter, int partitionsMoved,
                  int partitionsMovedToStandby, double keysMoved, double idealKeysMoved, double settledSeconds,
                  Map<Integer, String> ownersBefore, Map<Integer, String> ownersAfter, CountCheck.Outcome check) {
    }

    /** The same membership change under seed 003's placements, computed on the same keys; {@code label} for the chart. */
    record Placement(String name, String label, double keysMoved) {
    }

    record Report(String startedAt, StackSpec stack, int keys, List<Change> changes, List<Placement> placements,
                  boolean exact) {
    }

    @Override
    public Integer call() throws Exception {
        if (keys < 1 || processors < 1 || partitions < processors + 1 || clients < 1 || brokers < 1) {
            throw new IllegalArgumentException("--keys, --processors, --brokers and --clients must be positive, --partitions > --processors");
        }
        if (assignors.isEmpty() || !ASSIGNORS.containsAll(assignors)) {
            throw new IllegalArgumentException("--assignors takes " + String.join(" and/or ", ASSIGNORS) + ", not " + assignors);
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String run = Long.toString(System.currentTimeMillis(), 36);
        int replication = Math.min(3, brokers);
        StackSpec spec = new StackSpec(brokers, replication, StackSpec.defaultMinInsync(replication), partitions, processors, 1,
                BenchStack.API_PORT, 29590, 29690, 18400);
        List<String> names = IntStream.range(0, keys).mapToObj(i -> "reb-" + run + "-" + i).toList();
        List<Change> changes = new ArrayList<>();
        for (String assignor : assignors) {
            System.err.printf("%-10s task assignor %s%n", "perf", assignor);
            changes.addAll(joinAndLeave(spec, assignor, names));
        }
        List<Placement> placements = List.of(
                new Placement("modulo, same keys", "modulo", KeyMovement.shareMoved(names, KeyMovement.modulo(processors),
                        KeyMovement.modulo(processors + 1))),
                new Placement("consistent hashing, same keys", "consistent hashing", KeyMovement.shareMoved(names,
                        KeyMovement.consistentHashing(processors), KeyMovement.consistentHashing(processors + 1))),
                new Placement("seed 003 modulo (3→4, 1,000 keys)", "seed 003 modulo", SEED_003_MODULO),
                new Placement("seed 003 consistent hashing (3→4)", "seed 003 cons. hashing", SEED_003_CONSISTENT_HASHING));
        boolean exact = changes.stream().allMatch(c -> c.check().exact());
        Report report = new Report(startedAt, spec, keys, changes, placements, exact);
        print(report);
        Path json = Results.json(results, "rebalance", startedAt, report);
        chart(report, Results.chart(json, "keys-moved"));
        System.out.println("results: " + json.toAbsolutePath());
        return exact ? 0 : 1;
    }

    /** On a fresh stack with this assignor: one increment per key, then a processor joins, then it leaves. */
    private List<Change> joinAndLeave(StackSpec spec, String assignor, List<String> names) throws Exception {
        try (BenchStack bench = BenchStack.up(spec, Map.of("TASK_ASSIGNOR", assignor), System.err)) {
            ApiClient api = new ApiClient(spec.apiUrl());
            Map<String, Long> expected = new LoadLoop(assignor + ": write keys", api, clients, names.size(), n -> names.get((int) n))
                    .start().await().acceptedByKey();
            CountCheck counts = new CountCheck(api::value, Duration.ofSeconds(60), Duration.ofMillis(200));
            counts.await(expected);

            Set<String> members = endpoints(spec, IntStream.rangeClosed(1, processors));
            Settled before = awaitSettled(members);
            Instance joiner = new Instance(Component.PROCESSOR, processors + 1);

            long start = System.nanoTime();
            bench.stack().start(joiner);
            Settled joined = awaitSettled(endpoints(spec, IntStream.rangeClosed(1, processors + 1)));
            Change join = change(assignor, "join " + processors + "→" + (processors + 1), processors, processors + 1, names,
                    before, joined, start, counts.await(expected));

            start = System.nanoTime();
            bench.stack().stop(joiner);
            Settled left = awaitSettled(members);
            Change leave = change(assignor, "leave " + (processors + 1) + "→" + processors, processors + 1, processors, names,
                    joined, left, start, counts.await(expected));
            return List.of(join, leave);
        }
    }

    private Change change(String assignor, String name, int from, int to, List<String> names, Settled before, Settled after,
                          long startNanos, CountCheck.Outcome check) {
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

    private static Set<String> endpoints(StackSpec spec, IntStream ids) {
        Set<String> endpoints = new HashSet<>();
        ids.forEach(id -> endpoints.add("127.0.0.1:" + spec.processorPort(id)));
        return endpoints;
    }

    /** An assignment seen the same way on consecutive looks, and when it was first seen. */
    private record Settled(Map<Integer, String> owners, Map<Integer, Set<String>> standbys, long atNanos) {
    }

    /**
     * Waits until every partition has an active task on one of {@code members}, every member has one,
     * and the processors have reported the same assignment for 3 s (a rebalance can take several rounds).
     */
    private Settled awaitSettled(Set<String> members) throws InterruptedException {
        List<String> urls = members.stream().map(endpoint -> "http://" + endpoint).sorted().toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(settleTimeoutSeconds).toNanos();
        Map<Integer, String> last = null;
        long lastSeenFirst = 0;
        String seen = "nothing yet";
        while (System.nanoTime() < deadline) {
            try {
                RoutingSnapshot snapshot = Routing.snapshot(urls);
                Map<Integer, String> owners = Routing.activeOwners(snapshot);
                seen = snapshot.state() + " " + owners;
                boolean complete = "RUNNING".equals(snapshot.state()) && owners.size() == partitions
                        && members.equals(new HashSet<>(owners.values()));
                if (complete && owners.equals(last)) {
                    if (System.nanoTime() - lastSeenFirst >= Duration.ofSeconds(3).toNanos()) {
                        return new Settled(owners, Routing.standbyHolders(snapshot), lastSeenFirst);
                    }
                } else {
                    last = complete ? owners : null;
                    lastSeenFirst = System.nanoTime();
                }
            } catch (IllegalStateException noAnswer) {
                seen = noAnswer.getMessage();
                last = null;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the assignment did not settle on " + members + " within " + settleTimeoutSeconds
                + " s; last seen: " + seen);
    }

    private static void chart(Report report, Path file) throws java.io.IOException {
        Map<String, Double> bars = new LinkedHashMap<>();
        report.changes().forEach(c -> bars.put((c.assignor().equals("high-availability") ? "HA" : c.assignor()) + " " + c.name(),
                100 * c.keysMoved()));
        report.placements().forEach(p -> bars.put(p.label(), 100 * p.keysMoved()));
        Charts.bars("Keys that change owner when a processor joins or leaves (" + report.keys() + " keys)",
                "Kafka Streams assignor (HA: high-availability) and change, or placement", "keys moved (%)", List.copyOf(bars.keySet()),
                Map.of("keys moved", List.copyOf(bars.values())), file);
    }

    private static void print(Report report) {
        System.out.println();
        System.out.printf("%-36s %11s %12s %11s %9s %10s %s%n", "assignor and change", "partitions", "to standby",
                "keys moved", "fewest", "settled", "counts");
        for (Change c : report.changes()) {
            System.out.printf("%-36s %5d / %-3d %12d %10.1f%% %8.1f%% %8.1f s %s%n", c.assignor() + " " + c.name(),
                    c.partitionsMoved(), report.stack().partitions(), c.partitionsMovedToStandby(), 100 * c.keysMoved(),
                    100 * c.idealKeysMoved(), c.settledSeconds(), c.check().exact() ? "exact" : "WRONG");
        }
        for (Placement p : report.placements()) {
            System.out.printf("%-36s %11s %12s %10.1f%%%n", p.name(), "", "", 100 * p.keysMoved());
        }
        report.changes().forEach(c -> System.out.println(c.assignor() + " " + c.name() + ": " + c.ownersBefore() + " -> "
                + c.ownersAfter()));
    }
}
