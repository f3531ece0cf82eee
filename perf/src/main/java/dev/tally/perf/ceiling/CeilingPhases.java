package dev.tally.perf.ceiling;

import dev.tally.client.api.TallyClient;
import dev.tally.perf.check.CountCheck;
import dev.tally.perf.check.CounterReader;
import dev.tally.perf.check.Expectation;
import dev.tally.perf.scenario.Loads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of a {@code perf ceiling} run: each line's knee, with the processors allowed to count
 * what a writing line wrote before the next line starts (so every line is measured on an idle
 * stack), then the curves, then the exact-count checks of everything written.
 */
final class CeilingPhases {

    /** Long enough for the processors to apply a backlog of a minute's writes on a busy machine. */
    private static final Duration COUNT_WAIT = Duration.ofSeconds(180);

    private final CeilingLines lines;
    private final CeilingRunner runner;
    private final CeilingSettings settings;
    private final TallyClient api;
    private final CountCheck check;
    private final List<CeilingReport.Count> counts = new ArrayList<>();

    CeilingPhases(CeilingLines lines, CeilingRunner runner, CeilingSettings settings, TallyClient api) {
        this.lines = lines;
        this.runner = runner;
        this.settings = settings;
        this.api = api;
        this.check = new CountCheck(CounterReader.of(api, 64), COUNT_WAIT, Duration.ofMillis(500));
    }

    /** One request of each kind, failing at once and clearly (say, an API without BENCH_ENDPOINTS) instead of mid-run. */
    void probe() {
        Loads.expect(api.health(), 200, "GET /health");
        Loads.expect(api.send("POST", "/ceiling/counter/probe/increment", Map.of(), null), 202,
                "POST /ceiling/counter/{key}/increment (is the API started with BENCH_ENDPOINTS=true?)");
    }

    /** Single increments, unmeasured, until every JVM of the stack has compiled its hot code; counted with the line. */
    void warmUpStack() throws InterruptedException {
        runner.warmUpStack(lines.single);
    }

    /** (a), (b), (c), (d) and (r), each up to its knee; (c) and (d) counted before the next line starts. */
    Map<String, CeilingReport.LineResult> knees() throws InterruptedException {
        Map<String, CeilingReport.LineResult> knees = new LinkedHashMap<>();
        for (CeilingLine line : lines.all()) {
            List<Integer> ladder = line == lines.batch ? settings.batchLadder() : settings.ladder();
            knees.put(line.id(), runner.knee(line, ladder, settings.minGain, settings.misses));
            if (line == lines.single) {
                count("(c) single increments, after its steps", lines.singleExpectation());
            } else if (line == lines.batch) {
                count("(d) batch increments, after its steps", lines.batchExpectation());
            }
        }
        return knees;
    }

    /** Latency against throughput: single increments, batches and reads, at doubling open-loop rates. */
    List<CeilingReport.Curve> curves() throws InterruptedException {
        List<CeilingReport.Curve> curves = new ArrayList<>();
        curves.add(runner.curve(lines.single, settings.rates(settings.ratesFrom)));
        curves.add(runner.curve(lines.batch, settings.rates(settings.batchRatesFrom)));
        curves.add(runner.curve(lines.reads, settings.rates(settings.ratesFrom)));
        return curves;
    }

    /** Every increment of the run, steps, warm-ups and curves alike, counted back; with the checks between lines. */
    List<CeilingReport.Count> finalCounts() throws InterruptedException {
        count("(c) single increments, all runs", lines.singleExpectation());
        count("(d) batch increments, all runs", lines.batchExpectation());
        return List.copyOf(counts);
    }

    private void count(String phase, Expectation expectation) throws InterruptedException {
        System.err.printf("%-10s counting %s: %d keys, %d increments accepted%n", "ceiling", phase,
                expectation.accepted().size(), expectation.acceptedTotal());
        counts.add(new CeilingReport.Count(phase, check.await(expectation)));
    }
}
