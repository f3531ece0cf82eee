package dev.tally.perf;

import dev.tally.compose.stack.Classpaths;
import dev.tally.compose.stack.StackSpec;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 5's {@code ceiling}: how close tally's ingest comes to what is possible on this machine.
 * In one run, against one stack:
 * <pre>
 *   (a) GET /health                       the load generator's own ceiling through the same server
 *   (b) POST /ceiling/counter/{key}/...   the increment endpoint without Kafka (BENCH_ENDPOINTS=true)
 *   (c) POST /counter/{key}/increment     tally's single increment          → (c)/(b), goal ≥ 0.7
 *   (d) POST /counters/increments         tally's batch endpoint, records/s
 *   (e) Kafka's ProducerPerformance       same cluster, record size, acks  → (d)/(e), goal ≥ 0.5
 * </pre>
 * (a)-(c) are the same closed loop at the same concurrency; (c) and (d) end with an exact-count check.
 */
@Command(name = "ceiling", mixinStandardHelpOptions = true,
        description = {"Single and batch ingest against their ceilings: a no-Kafka 202 endpoint and Kafka's own",
                "ProducerPerformance, with the load generator's own ceiling first. Starts its own stack unless --url is given."})
final class CeilingCommand implements Callable<Integer> {

    /** The bench endpoint on, and no key ever hot, so (b), (c) and (d) all take the main queue. */
    static final Map<String, String> SETTINGS = Map.of("BENCH_ENDPOINTS", "true", "EXCESS_THRESHOLD", "1000000", "EXCESS_WINDOW", "10");

    @Option(names = "--url", description = "Use this running stack (its API started with BENCH_ENDPOINTS=true) instead of starting one.")
    String url;

    @Option(names = "--bootstrap-servers", description = "With --url: its brokers, for ProducerPerformance. Default: the default stack's.")
    String bootstrapServers;

    @Option(names = "--requests", defaultValue = "20000", description = "Requests in each of (a), (b) and (c). Default ${DEFAULT-VALUE}.")
    int requests;

    @Option(names = "--warm-up", defaultValue = "20000",
            description = "Requests of (a), (b) and (c) (and as many increments in batches of (d)) sent first, unmeasured. Default ${DEFAULT-VALUE}.")
    long warmUp;

    @Option(names = "--clients", defaultValue = "64", description = "Closed-loop clients of (a), (b) and (c). Default ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--batch-size", defaultValue = "500", description = "Increments per batch request in (d). Default ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--batches", defaultValue = "400", description = "Batch requests in (d). Default ${DEFAULT-VALUE}.")
    int batches;

    @Option(names = "--batch-clients", defaultValue = "4", description = "Closed-loop clients of (d). Default ${DEFAULT-VALUE}.")
    int batchClients;

    @Option(names = "--records", description = "Records ProducerPerformance sends in (e). Default: as many increments as (d) sends.")
    Long records;

    @Option(names = "--keys", defaultValue = "1024", description = "Distinct counters per phase. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--linger-ms", defaultValue = "5", description = "LINGER_MS of the API, given to ProducerPerformance too. Default ${DEFAULT-VALUE}.")
    int lingerMs;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the stack started. Default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--quick", description = "Tiny counts (a smoke run, not a measurement): 50 warm-up and 300 requests, 4 clients, 10 batches of 100, 64 keys.")
    boolean quick;

    @Option(names = "--results", defaultValue = "perf-results", description = "Directory for the JSON and PNG files. Default ${DEFAULT-VALUE}/.")
    Path results;

    @Override
    public Integer call() throws Exception {
        if (quick) {
            requests = 300;
            clients = 4;
            batches = 10;
            batchSize = 100;
            batchClients = 2;
            keys = 64;
            warmUp = 50;
        }
        if (warmUp < 1 || requests < 1 || clients < 1 || batchSize < 1 || batches < 1 || batchClients < 1 || keys < 1 || (records != null && records < 1)) {
            throw new IllegalArgumentException("--warm-up, --requests, --clients, --batch-size, --batches, --batch-clients, --keys and --records must be positive");
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String run = Long.toString(System.currentTimeMillis(), 36);
        Map<String, String> settings = new HashMap<>(SETTINGS);
        // The API's batching delay is the one producer setting ProducerPerformance is also given.
        settings.put("LINGER_MS", Integer.toString(lingerMs));
        try (BenchStack bench = url == null ? BenchStack.up(BenchStack.spec(partitions), settings, System.err) : null) {
            ApiClient api = new ApiClient(bench == null ? url : bench.spec().apiUrl());
            String brokers = bench != null ? bench.spec().bootstrapServers()
                    : bootstrapServers != null ? bootstrapServers : StackSpec.DEFAULT.bootstrapServers();
            CeilingScenario scenario = new CeilingScenario(api, run, clients, keys);
            progress("warming up: an unmeasured pass of " + warmUp + " requests of (a), (b) and (c) and "
                    + warmUpBatches() + " batches of (d)");
            scenario.warmUp(warmUp, warmUpBatches(), batchSize, batchClients);

            LoadResult a = scenario.loadGenerator(requests);
            LoadResult b = scenario.noKafka(requests);
            LoadResult c = scenario.single(requests);
            progress("waiting until the processors counted (c), so (d) starts on an idle stack");
            Duration within = Duration.ofSeconds(quick ? 30 : 120);
            Map<String, Long> singleExpected = new HashMap<>(c.acceptedByKey());
            singleExpected.putAll(scenario.untouchedCeilingKeys());
            CountCheck.Outcome singleCheck = scenario.check(singleExpected, within);
            LoadResult d = scenario.batch(batches, batchSize, batchClients);
            progress("waiting until the processors counted (d), so (e) starts on an idle stack");
            CountCheck.Outcome batchCheck = scenario.check(scenario.expectedOfBatches(d, batchSize), within);

            long ppRecords = records != null ? records : (long) batches * batchSize;
            ProducerPerf.Result e;
            int topicPartitions;
            try (ScratchTopic topic = ScratchTopic.likeIncrements(brokers, "tally-perf-producer-" + run)) {
                progress("(e) ProducerPerformance: " + ppRecords + " records of " + scenario.recordSize() + " bytes to " + topic.name());
                e = new ProducerPerf(Classpaths.projectRoot()).run(brokers, topic.name(), ppRecords, scenario.recordSize(), lingerMs);
                topicPartitions = topic.partitions;
            }

            List<CeilingReport.Line> lines = List.of(
                    CeilingReport.Line.of("(a)", "health", "GET /health (load generator)", "req/s", a, 1),
                    CeilingReport.Line.of("(b)", "no Kafka", "no-Kafka 202 endpoint", "req/s", b, 1),
                    CeilingReport.Line.of("(c)", "single", "POST /counter/{key}/increment", "req/s", c, 1),
                    CeilingReport.Line.of("(d)", "batch", "POST /counters/increments x" + batchSize, "incr/s", d, batchSize),
                    new CeilingReport.Line("(e)", "ProducerPerf", "Kafka ProducerPerformance", "records/s", e.records(),
                            e.records() / e.recordsPerSecond(), e.recordsPerSecond(), e.p50Ms(), e.p99Ms(), 0, null));
            List<CeilingReport.Ratio> ratios = List.of(
                    CeilingReport.Ratio.of("single / no-Kafka ceiling", lines.get(2), lines.get(1), 0.7),
                    CeilingReport.Ratio.of("batch / ProducerPerformance", lines.get(3), lines.get(4), 0.5),
                    CeilingReport.Ratio.of("no-Kafka ceiling / load generator", lines.get(1), lines.get(0), null));
            List<CeilingReport.Count> counts = List.of(
                    CeilingReport.Count.of("(c) single increments (+ (b) keys at 0)", singleCheck),
                    CeilingReport.Count.of("(d) batch increments", batchCheck));
            boolean exact = singleCheck.exact() && batchCheck.exact() && c.errors() == 0 && d.errors() == 0;
            Map<String, LoadResult> http = new LinkedHashMap<>();
            for (LoadResult r : List.of(a, b, c, d)) {
                http.put(r.name(), r);
            }
            CeilingReport report = new CeilingReport(startedAt, api.baseUrl(), url == null ? "own stack" : "--url", options(),
                    bench == null ? null : bench.spec(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    lines, ratios, counts, exact, http, e, notes(topicPartitions));
            report.print(System.out);
            System.out.println("results: " + report.writeJson(results).toAbsolutePath());
            System.out.println("chart:   " + report.writeChart(results).toAbsolutePath());
            return exact ? 0 : 1;
        }
    }

    /** As many increments as the warm-up's single requests, in whole batches (at least one). */
    private long warmUpBatches() {
        return Math.max(1, warmUp / batchSize);
    }

    private List<String> notes(int topicPartitions) {
        List<String> notes = new ArrayList<>();
        notes.add("(a)-(c): closed loop of " + clients + " platform threads over java.net.http (HTTP/1.1), " + requests
                + " requests each; (d): " + batchClients + " threads, " + batches + " NDJSON batches of " + batchSize
                + "; 429s retried after " + LoadLoop.BACK_OFF_MILLIS + " ms; the load generator shares the machine's "
                + Runtime.getRuntime().availableProcessors() + " cores with the stack (its CPU is the cores column)");
        notes.add("(e) ProducerPerformance writes keyless records of the same size as tally's (key + value bytes) with"
                + " tally's producer settings (acks=all, idempotent, lz4, linger.ms " + lingerMs + ") to a scratch topic laid out"
                + " like the increments topic (" + topicPartitions + " partitions); tally's processors are idle then, while"
                + " during (c) and (d) they count what is written");
        if (url != null) {
            notes.add("--url: that API's own settings apply; hot keys (EXCESS_THRESHOLD) may move some increments to the excess queue");
        }
        if (quick) {
            notes.add("--quick: a smoke run; its figures are not a measurement");
        }
        return notes;
    }

    private Map<String, Object> options() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("warmUp", warmUp);
        options.put("requests", requests);
        options.put("clients", clients);
        options.put("batchSize", batchSize);
        options.put("batches", batches);
        options.put("batchClients", batchClients);
        options.put("records", records);
        options.put("keys", keys);
        options.put("lingerMs", lingerMs);
        options.put("partitions", partitions);
        options.put("quick", quick);
        return options;
    }

    private static void progress(String step) {
        System.err.printf("%-10s %s%n", "perf", step);
    }
}
