package dev.tally.perf;

import dev.tally.compose.stack.StackSpec;
import dev.tally.domain.Partitions;
import dev.tally.domain.wire.InstanceInfo;
import dev.tally.perf.report.Charts;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Seed 002's load-balance histogram: N distinct keys, one increment each, and how they fall over
 * the partitions (as each 202 reports where Kafka's producer put the key) and over the processor
 * instances (the active task of each partition, as Kafka Streams assigned them). Every key must
 * also sit where the query API's routing computes it, or its reads would ask the wrong copy.
 */
@Command(name = "balance", mixinStandardHelpOptions = true,
        description = "Distinct keys per partition and per processor instance (replication factor 1), as histograms.")
final class BalanceCommand implements Callable<Integer> {

    @Option(names = "--increments", defaultValue = "100000", description = "Distinct keys, one increment each. Default ${DEFAULT-VALUE}.")
    int increments;

    @Option(names = "--partitions", defaultValue = "12", description = "Default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--processors", defaultValue = "3", description = "Default ${DEFAULT-VALUE}.")
    int processors;

    @Option(names = "--brokers", defaultValue = "3", description = "Default ${DEFAULT-VALUE}.")
    int brokers;

    @Option(names = "--clients", defaultValue = "32", description = "Closed-loop clients. Default ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--results", defaultValue = "perf-results", description = "Directory for the JSON and PNGs. Default ${DEFAULT-VALUE}/.")
    Path results;

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
    record Report(String startedAt, StackSpec stack, LoadResult load, Spread perPartition, Spread perProcessor,
                  long misplaced, long counted, boolean exact) {
    }

    @Override
    public Integer call() throws Exception {
        if (increments < 1 || partitions < 1 || processors < 1 || clients < 1) {
            throw new IllegalArgumentException("--increments, --partitions, --processors and --clients must be positive");
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String run = Long.toString(System.currentTimeMillis(), 36);
        StackSpec spec = new StackSpec(brokers, 1, 1, partitions, processors, 0, BenchStack.API_PORT, 29590, 29690, 18400);
        try (BenchStack bench = BenchStack.up(spec, Map.of(), System.err)) {
            ApiClient api = new ApiClient(spec.apiUrl());
            List<String> keys = IntStream.range(0, increments).mapToObj(i -> "bal-" + run + "-" + i).toList();
            // Where Kafka put each key, as its 202 says (not where this tool would compute it).
            Map<String, Integer> placed = new ConcurrentHashMap<>();
            LoadResult load = new LoadLoop("balance", clients, keys.size(), n -> keys.get((int) n), key -> {
                ApiClient.Reply reply = api.increment(key);
                if (reply.status() == 202) {
                    placed.put(key, reply.json().get("partition").asInt());
                }
                return reply;
            }, 202).start().await();

            Map<String, Long> perPartition = new LinkedHashMap<>(); // in partition order: 0, 1, …, 10, not 0, 1, 10
            IntStream.range(0, partitions).forEach(p -> perPartition.put(label(p), 0L));
            placed.values().forEach(partition -> perPartition.merge(label(partition), 1L, Long::sum));
            long misplaced = placed.entrySet().stream()
                    .filter(e -> e.getValue() != Partitions.forKey(e.getKey(), partitions))
                    .count();
            Map<String, Long> perProcessor = new LinkedHashMap<>();
            for (InstanceInfo instance : Routing.snapshot(spec.processorUrls()).instances()) {
                perProcessor.put(instance.endpoint(), instance.active().stream().mapToLong(p -> perPartition.get(label(p))).sum());
            }
            long counted = counted(api);
            Report report = new Report(startedAt, spec, load, Spread.of(perPartition), Spread.of(perProcessor), misplaced,
                    counted, counted == load.accepted() && load.errors() == 0 && misplaced == 0);
            print(report);
            Path json = Results.json(results, "balance", startedAt, report);
            Charts.bars("Keys per partition (" + increments + " distinct keys, murmur2)", "partition", "keys",
                    List.copyOf(perPartition.keySet()), Map.of("keys", List.copyOf(perPartition.values())), Results.chart(json, "partitions"));
            Charts.bars("Keys per processor instance (active tasks)", "processor (internal endpoint)", "keys",
                    List.copyOf(perProcessor.keySet()), Map.of("keys", List.copyOf(perProcessor.values())), Results.chart(json, "processors"));
            System.out.println("results: " + json.toAbsolutePath() + " and its -partitions.png, -processors.png");
            return report.exact() ? 0 : 1;
        }
    }

    private static String label(int partition) {
        return Integer.toString(partition);
    }

    /** The sum of all counters, from {@code GET /dump} (a fresh stack holds only this run's keys). */
    private static long counted(ApiClient api) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        long sum = -1;
        while (System.nanoTime() < deadline) {
            ApiClient.Reply dump = api.get("/dump");
            if (dump.status() == 200) {
                long now = 0;
                var counters = dump.json().get("counters");
                for (var it = counters.elements(); it.hasNext(); ) {
                    now += it.next().asLong();
                }
                if (now == sum) {
                    return now; // unchanged since the last look: settled
                }
                sum = now;
            }
            Thread.sleep(1_000);
        }
        return sum;
    }

    private static void print(Report report) {
        System.out.println();
        System.out.println(LoadResult.header());
        System.out.println(report.load().row());
        System.out.printf("%n%-14s %8s %8s %10s %9s %9s%n", "spread", "min", "max", "mean", "stddev", "max/mean");
        Map<String, Spread> spreads = new LinkedHashMap<>();
        spreads.put("per partition", report.perPartition());
        spreads.put("per processor", report.perProcessor());
        for (var entry : spreads.entrySet()) {
            Spread s = entry.getValue();
            System.out.printf("%-14s %8d %8d %10.1f %9.1f %9.3f%n", entry.getKey(), s.min(), s.max(), s.mean(), s.stddev(), s.maxOverMean());
        }
        System.out.println("keys per partition: " + report.perPartition().counts());
        System.out.println("keys per processor: " + report.perProcessor().counts());
        System.out.printf("%d keys placed where the query API's routing looks for them, %d elsewhere%n",
                report.load().accepted() - report.misplaced(), report.misplaced());
        System.out.printf("%d increments accepted, %d counted: %s%n", report.load().accepted(), report.counted(),
                report.exact() ? "exact" : "WRONG");
    }
}
