package dev.tally.perf.ceiling;

import dev.tally.compose.stack.Classpaths;
import dev.tally.compose.stack.StackSpec;
import dev.tally.perf.OptionValues;
import dev.tally.perf.ResultsOption;
import dev.tally.perf.TargetOptions;
import dev.tally.perf.check.RunId;
import dev.tally.perf.scenario.Loads;
import dev.tally.perf.stack.BenchStack;
import dev.tally.perf.stack.ProducerPerf;
import dev.tally.perf.stack.ScratchTopic;
import dev.tally.perf.stack.StackTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perf ceiling}: ingest capacity the way it is reported in the field. Each HTTP line ({@link
 * CeilingLines}) is driven by closed loops of doubling concurrency until its throughput stops growing;
 * its knee is its best step. Kafka's ProducerPerformance on the same cluster is the batch line's
 * ceiling. The ratios come out side by side in the one run, then open-loop latency-throughput
 * curves of single increments, batches and reads; every increment written is counted back exactly.
 */
@Command(name = "ceiling", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Capacity of each HTTP line (GET /health, the no-Kafka increment, single increments, batches, reads)",
                "by closed loops of doubling concurrency up to the knee, Kafka's ProducerPerformance beside the batches,",
                "and open-loop latency-throughput curves. Starts its own stack unless --url is given."})
public final class CeilingCommand implements Callable<Integer> {

    /** The bench endpoint on, and no key ever hot, so (b), (c) and (d) all take the main queue. */
    static final Map<String, String> SETTINGS = Map.of("BENCH_ENDPOINTS", "true", "EXCESS_THRESHOLD", "1000000", "EXCESS_WINDOW", "10");

    @Mixin TargetOptions target;
    @Mixin ResultsOption results;
    @Mixin CeilingSettings settings;
    @Spec CommandSpec command;

    @Option(names = "--bootstrap-servers", description = "With --url and no --home: its brokers, for ProducerPerformance. "
            + "Default: the brokers of --home's stack, else of `bin/tally up`'s default ports.")
    String bootstrapServers;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the stack started. Default ${DEFAULT-VALUE}.")
    int partitions;

    @Override
    public Integer call() throws Exception {
        settings.validate();
        RunId run = RunId.fresh();
        Map<String, String> stackSettings = new LinkedHashMap<>(SETTINGS);
        // The API's batching delay, as the run's options record it.
        stackSettings.put("LINGER_MS", Integer.toString(settings.lingerMs));
        try (StackTarget stack = target.open(false, BenchStack.defaultShape(partitions), stackSettings, System.err)) {
            CeilingLines lines = new CeilingLines(run, settings.keys, settings.batchSize);
            CeilingPhases phases = new CeilingPhases(lines, new CeilingRunner(URI.create(stack.apiUrl()), settings.timing(),
                    settings.eventLoops, System.err), settings, stack.client());
            phases.probe();
            phases.warmUpStack();
            Map<String, CeilingReport.LineResult> knees = phases.knees();
            ProducerPerf.Result producer = producerPerformance(stack, run, lines.recordSize());
            List<CeilingReport.Curve> curves = phases.curves();
            List<CeilingReport.Count> counts = phases.finalCounts();
            List<CeilingReport.Ratio> ratios = CeilingFigures.ratios(knees, producer);
            Optional<CeilingReport.Curve> singleCurve = curves.stream().filter(c -> c.id().equals("(c)")).findFirst();
            boolean exact = counts.stream().allMatch(c -> c.check().exact());
            CeilingReport report = new CeilingReport(results.startedAt(), stack.apiUrl(), stack.mode(),
                    OptionValues.of(command), stack.ownStack() ? stack.spec().orElse(null) : stack.view(),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    List.copyOf(knees.values()), producer, ratios, CeilingFigures.goals(knees, ratios, singleCurve), curves,
                    counts, exact, notes(stack));
            CeilingTable.print(report, System.out);
            Path json = results.writeJson("ceiling", report);
            System.out.println("results: " + json.toAbsolutePath());
            System.out.println("charts:  " + CeilingCharts.knees(report, json).toAbsolutePath() + ", "
                    + CeilingCharts.curves(report, json).toAbsolutePath());
            return report.withinBounds() ? 0 : 1;
        }
    }

    /** (e): Kafka's own producer benchmark on a scratch topic laid out like the increments topic, records as large as tally's. */
    private ProducerPerf.Result producerPerformance(StackTarget stack, RunId run, int recordSize) throws Exception {
        String brokers = bootstrapServers != null ? bootstrapServers
                : stack.spec().map(StackSpec::bootstrapServers).orElse(StackSpec.DEFAULT.bootstrapServers());
        try (ScratchTopic topic = ScratchTopic.likeIncrements(brokers, "tally-perf-producer-" + run)) {
            System.err.printf("%-10s (e) ProducerPerformance: %d records of %d bytes to %s%n", "ceiling",
                    settings.producerRecords, recordSize, topic.name());
            return new ProducerPerf(Classpaths.projectRoot()).run(brokers, topic.name(), settings.producerRecords, recordSize,
                    settings.producerTuning());
        }
    }

    private List<String> notes(StackTarget stack) {
        List<String> notes = new ArrayList<>();
        notes.add("capacity: closed loops from the Netty load generator (" + settings.eventLoops + " event loop(s)), "
                + "concurrency doubled until a step gained less than " + Math.round(100 * settings.minGain)
                + " % over the best so far " + settings.misses + " times; the knee is the best step; 429s retried after "
                + Loads.BACK_OFF_429.toMillis() + " ms. The generator shares the machine's "
                + Runtime.getRuntime().availableProcessors() + " cores with the stack: its share is in every row");
        notes.add("curves: open loops at doubling rates, latency counted from each request's due time");
        notes.add("(e) ProducerPerformance: keyless records as large as tally's, acks=all, idempotent, uncompressed, linger.ms "
                + settings.producerLingerMs + ", batch.size " + settings.producerBatchBytes
                + ", to a scratch topic laid out like the increments topic; tally's processors are idle then");
        if (!stack.ownStack()) {
            notes.add("--url: that stack's own settings apply; with EXCESS_THRESHOLD low, increments take the excess queue");
        }
        if (settings.quick) {
            notes.add("--quick: a smoke run; its figures are not a measurement");
        }
        return notes;
    }
}
