package dev.tally.perf.scenario;

import dev.tally.compose.stack.StackSpec;
import dev.tally.domain.Partitions;
import dev.tally.domain.wire.InstanceInfo;
import dev.tally.perf.OptionValues;
import dev.tally.perf.ResultsOption;
import dev.tally.perf.TargetOptions;
import dev.tally.perf.check.CountCheck;
import dev.tally.perf.check.IncrementLedger;
import dev.tally.perf.check.KeyChoice;
import dev.tally.perf.check.RunId;
import dev.tally.perf.load.Bound;
import dev.tally.perf.load.LoadResponse;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.report.Charts;
import dev.tally.perf.report.LoadRow;
import dev.tally.perf.report.ResultFiles;
import dev.tally.perf.stack.Routing;
import dev.tally.perf.stack.StackTarget;
import dev.tally.perf.stack.StackView;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perf balance}: N distinct keys, one increment each, and how they fall over the partitions
 * (as each 202 reports where Kafka's producer put the key) and over the processor instances (the
 * active task of each partition, as Kafka Streams assigned them). Every key must also sit where the
 * query API's routing computes it, or its reads would ask the wrong copy. A closed loop: only where
 * the keys land matters, so they are written as fast as the stack takes them.
 */
@Command(name = "balance", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Distinct keys per partition and per processor instance, as histograms. Starts its own stack",
                "(replication factor 1) unless --url is given."})
public final class BalanceCommand implements Callable<Integer> {

    /** A 202's partition, read without parsing the rest of the body. */
    private static final Pattern PARTITION = Pattern.compile("\"partition\":(\\d+)");

    @Mixin TargetOptions target;
    @Mixin ResultsOption results;
    @Spec CommandSpec command;

    @Option(names = "--increments", defaultValue = "100000", description = "Distinct keys, one increment each. Default ${DEFAULT-VALUE}.")
    int increments;

    @Option(names = "--partitions", defaultValue = "12", description = "Partitions of the stack started. Default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--processors", defaultValue = "3", description = "Processors of the stack started. Default ${DEFAULT-VALUE}.")
    int processors;

    @Option(names = "--brokers", defaultValue = "3", description = "Brokers of the stack started. Default ${DEFAULT-VALUE}.")
    int brokers;

    @Option(names = "--connections", defaultValue = "64", description = "Closed-loop connections. Default ${DEFAULT-VALUE}.")
    int connections;

    /** How evenly a count is spread: the counts themselves and their summary. */
    record Spread(Map<String, Long> counts, long min, long max, double mean, double stddev, double maxOverMean) {
        static Spread of(Map<String, Long> counts) {
            double mean = counts.values().stream().mapToLong(Long::longValue).average().orElse(0);
            double variance = counts.values().stream().mapToDouble(c -> (c - mean) * (c - mean)).average().orElse(0);
            long min = counts.values().stream().mapToLong(Long::longValue).min().orElse(0);
            long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
            return new Spread(counts, min, max, mean, Math.sqrt(variance), mean == 0 ? 0 : max / mean);
        }
    }

    /**
     * @param misplaced keys whose 202 named another partition than the query API's routing
     *                  ({@link Partitions#forKey}) computes: reads of them would go to the wrong copy
     */
    record Report(String startedAt, String mode, Map<String, Object> options, StackView stack, RunResult load,
                  Spread perPartition, Spread perProcessor, long misplaced, CountCheck.Outcome check, boolean exact) {
    }

    @Override
    public Integer call() throws Exception {
        if (increments < 1 || partitions < 1 || processors < 1 || connections < 1) {
            throw new IllegalArgumentException("--increments, --partitions, --processors and --connections must be positive");
        }
        RunId run = RunId.fresh();
        StackSpec shape = new StackSpec(brokers, 1, 1, partitions, processors, 0, 8000, 19090, 19190, 8100);
        try (StackTarget stack = target.open(true, shape, Map.of(), System.err)) {
            StackView view = stack.view();
            List<String> keys = Loads.keys(run, "balance", "keys", increments);
            IncrementLedger ledger = IncrementLedger.sameRequestPerKey(keys, KeyChoice.ROUND_ROBIN, Loads::increment);
            // Where Kafka put each key, as its 202 says (not where this tool would compute it); -1 until then.
            AtomicIntegerArray placed = new AtomicIntegerArray(increments);
            for (int i = 0; i < increments; i++) {
                placed.set(i, -1);
            }
            RunResult load = Loads.closed(stack, connections, "balance").requests(ledger)
                    .onResponse(response -> {
                        ledger.onResponse(response);
                        recordPartition(response, placed);
                    })
                    .bound(Bound.requests(increments)).run();

            Map<String, Long> perPartition = new LinkedHashMap<>(); // in partition order: 0, 1, …, 10, not 0, 1, 10
            for (int p = 0; p < view.partitions(); p++) {
                perPartition.put(Integer.toString(p), 0L);
            }
            long misplaced = 0;
            for (int i = 0; i < increments; i++) {
                int partition = placed.get(i);
                if (partition >= 0) {
                    perPartition.merge(Integer.toString(partition), 1L, Long::sum);
                    misplaced += partition == Partitions.forKey(keys.get(i), view.partitions()) ? 0 : 1;
                }
            }
            Map<String, Long> perProcessor = new LinkedHashMap<>();
            for (InstanceInfo instance : Routing.snapshot(view.processorUrls(), stack.stack().home()).instances()) {
                perProcessor.put(instance.endpoint(), instance.active().stream()
                        .mapToLong(p -> perPartition.getOrDefault(Integer.toString(p), 0L)).sum());
            }
            CountCheck.Outcome check = Loads.counted(stack, ledger.expectation());
            Report report = new Report(results.startedAt(), stack.mode(), OptionValues.of(command), view, load,
                    Spread.of(perPartition), Spread.of(perProcessor), misplaced, check,
                    check.exact() && load.successes() == increments && misplaced == 0);
            print(report);
            Path json = results.writeJson("balance", report);
            Charts.bars("Keys per partition (" + increments + " distinct keys, murmur2)", "partition", "keys",
                    List.copyOf(perPartition.keySet()), Map.of("keys", List.copyOf(perPartition.values())),
                    ResultFiles.chart(json, "partitions"));
            Charts.bars("Keys per processor instance (active tasks)", "processor (internal endpoint)", "keys",
                    List.copyOf(perProcessor.keySet()), Map.of("keys", List.copyOf(perProcessor.values())),
                    ResultFiles.chart(json, "processors"));
            System.out.println("results: " + json.toAbsolutePath() + " and its -partitions.png, -processors.png");
            return report.exact() ? 0 : 1;
        }
    }

    private static void recordPartition(LoadResponse response, AtomicIntegerArray placed) {
        if (response.status() == 202) {
            Matcher partition = PARTITION.matcher(response.bodyText());
            if (partition.find()) {
                placed.set((int) response.index(), Integer.parseInt(partition.group(1)));
            }
        }
    }

    private static void print(Report report) {
        System.out.println();
        LoadRow.table(System.out, List.of(report.load()));
        System.out.printf("%n%-14s %8s %8s %10s %9s %9s%n", "spread", "min", "max", "mean", "stddev", "max/mean");
        Map<String, Spread> spreads = new LinkedHashMap<>();
        spreads.put("per partition", report.perPartition());
        spreads.put("per processor", report.perProcessor());
        spreads.forEach((name, s) -> System.out.printf("%-14s %8d %8d %10.1f %9.1f %9.3f%n", name, s.min(), s.max(), s.mean(),
                s.stddev(), s.maxOverMean()));
        System.out.println("keys per partition: " + report.perPartition().counts());
        System.out.println("keys per processor: " + report.perProcessor().counts());
        System.out.printf("%d keys placed where the query API's routing looks for them, %d elsewhere%n",
                report.load().successes() - report.misplaced(), report.misplaced());
        System.out.printf("%d increments accepted, %d counted: %s%n", report.check().acceptedTotal(),
                report.check().countedTotal(), report.exact() ? "exact" : "WRONG");
    }
}
