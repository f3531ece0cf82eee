package dev.tally.perf.ceiling;

import dev.tally.perf.load.Bound;
import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.scenario.Loads;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a line's measurements with the load generator. Capacity is found with closed loops, since
 * a closed loop of c connections offers exactly as much as the service answers: raising c until
 * throughput stops growing finds what it sustains. The latency curve uses open loops, since only an
 * offered rate that does not slow down with the service shows its latency at that rate (a closed
 * loop would wait for a slow answer instead of queueing behind it).
 */
final class CeilingRunner {

    /**
     * @param stackWarmUp the unmeasured load before any line, while every JVM of the stack compiles its hot code
     * @param lineWarmUp the unmeasured pass before a line's first step: JIT, connections and page cache of every
     *                   process on the path warm up under the load they will be measured with
     * @param stepWarmUp unmeasured start of each step, while its connections open
     */
    record Timing(Duration stackWarmUp, Duration lineWarmUp, Duration stepWarmUp, Duration step, Duration curvePoint) {
    }

    private final URI api;
    private final Timing timing;
    private final int eventLoops;
    private final PrintStream progress;

    CeilingRunner(URI api, Timing timing, int eventLoops, PrintStream progress) {
        this.api = api;
        this.timing = timing;
        this.eventLoops = eventLoops;
        this.progress = progress;
    }

    /** The unmeasured load of {@link Timing#stackWarmUp} on this line, at 256 connections. */
    void warmUpStack(CeilingLine line) throws InterruptedException {
        say(line, "warming the stack up: " + timing.stackWarmUp().toSeconds() + " s unmeasured at 256 connections");
        generator(LoadGenerator.closedLoop(api, 256), line, "stack warm-up")
                .warmUp(Bound.duration(timing.stackWarmUp())).bound(Bound.requests(0)).run();
    }

    /** The line's concurrency steps until its throughput stops growing (or the ladder ends), and its knee. */
    CeilingReport.LineResult knee(CeilingLine line, List<Integer> ladder, double minGain, int misses)
            throws InterruptedException {
        say(line, "warming up: " + timing.lineWarmUp().toMillis() + " ms unmeasured at " + ladder.get(0) + " connections");
        generator(LoadGenerator.closedLoop(api, ladder.get(0)), line, "warm-up")
                .warmUp(Bound.duration(timing.lineWarmUp())).bound(Bound.requests(0)).run();
        KneeSearch search = new KneeSearch(ladder, minGain, misses);
        List<CeilingReport.Step> steps = new ArrayList<>();
        while (search.hasNext()) {
            int concurrency = search.next();
            RunResult run = generator(LoadGenerator.closedLoop(api, concurrency), line, concurrency + " connections")
                    .warmUp(Bound.duration(timing.stepWarmUp())).bound(Bound.duration(timing.step())).run();
            CeilingReport.Step step = CeilingReport.Step.of(concurrency, line.opsPerRequest(), run);
            steps.add(step);
            search.measured(step.opsPerSecond());
            say(line, String.format("%d connections: %.0f %s, p99 %.2f ms", concurrency, step.opsPerSecond(), line.unit(),
                    step.p99Ms()));
        }
        int knee = search.knee();
        return new CeilingReport.LineResult(line.id(), line.name(), line.what(), line.unit(), line.opsPerRequest(), steps,
                knee, search.levelledOff(), steps.get(knee));
    }

    /** Open-loop runs at the ladder's request rates, each first warmed up at its own rate. */
    CeilingReport.Curve curve(CeilingLine line, RateLadder rates) throws InterruptedException {
        List<CeilingReport.CurvePoint> points = new ArrayList<>();
        while (rates.hasNext()) {
            double rate = rates.next();
            RunResult run = generator(LoadGenerator.openLoop(api, rate), line, String.format("%.0f/s", rate))
                    .warmUp(Bound.duration(timing.stepWarmUp())).bound(Bound.duration(timing.curvePoint())).run();
            CeilingReport.CurvePoint point = CeilingReport.CurvePoint.of(rate, line.opsPerRequest(), run);
            points.add(point);
            rates.measured(run.successesPerSecond(), point.p99Ms());
            say(line, String.format("offered %.0f, achieved %.0f %s: p50 %.2f, p99 %.2f, p99.9 %.2f ms",
                    point.offeredOpsPerSecond(), point.achievedOpsPerSecond(), line.unit(), point.p50Ms(), point.p99Ms(),
                    point.p999Ms()));
        }
        return new CeilingReport.Curve(line.id(), line.name(), line.unit(), points, rates.why());
    }

    private LoadGenerator generator(LoadGenerator generator, CeilingLine line, String what) {
        generator.name(line.id() + " " + line.name() + " " + what)
                .requests(line.requests())
                .retry429(Loads.BACK_OFF_429, Loads.MAX_429_RETRIES)
                .eventLoops(eventLoops)
                // The generator's own summary of each run would drown the steps' lines: the table at the end has them.
                .progress(null);
        if (line.listener() != null) {
            generator.onResponse(line.listener());
        }
        return generator;
    }

    private void say(CeilingLine line, String what) {
        progress.printf("%-10s %s %s: %s%n", "ceiling", line.id(), line.name(), what);
    }
}
