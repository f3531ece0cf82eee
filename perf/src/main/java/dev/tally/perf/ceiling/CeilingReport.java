package dev.tally.perf.ceiling;

import dev.tally.perf.check.CountCheck;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.stack.ProducerPerf;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code perf ceiling} run measured, as its JSON file holds it: each line's
 * concurrency steps and knee, Kafka's ProducerPerformance, the ratios side by side, the goals they
 * feed, the latency-throughput curves and the exact-count checks.
 *
 * @param stack the shape it ran on ("own stack" of these settings, or what --url's /status reported)
 */
public record CeilingReport(
        String startedAt,
        String url,
        String mode,
        Map<String, Object> options,
        Object stack,
        int availableProcessors,
        String javaVersion,
        List<LineResult> lines,
        ProducerPerf.Result producerPerformance,
        List<Ratio> ratios,
        List<Goal> goals,
        List<Curve> curves,
        List<Count> counts,
        boolean exact,
        List<String> notes) {

    /**
     * Nothing lost and nothing counted twice: every counter within [accepted, accepted + unanswered].
     * Short of {@link #exact()} only where the service was driven past its capacity and the generator
     * gave up on some requests, which the service may still have written.
     */
    public boolean withinBounds() {
        return counts.stream().allMatch(count -> count.check().withinBounds());
    }

    /**
     * One closed-loop step of a line.
     *
     * @param opsPerSecond        2xx answers per second times the operations each carries
     * @param failed              measured requests answered other than 2xx (after retries)
     * @param unanswered          measured requests that got no answer
     * @param generatorCpuPercent the load generator's threads, as a share of the whole machine
     */
    public record Step(int concurrency, double opsPerSecond, double requestsPerSecond, double p50Ms, double p99Ms,
                       double p999Ms, long requests, long successes, long failed, long unanswered,
                       double generatorCpuPercent, RunResult run) {

        static Step of(int concurrency, int opsPerRequest, RunResult run) {
            return new Step(concurrency, run.successesPerSecond() * opsPerRequest, run.requestsPerSecond(),
                    run.latency().p50Ms(), run.latency().p99Ms(), run.latency().p999Ms(), run.requests(), run.successes(),
                    run.requests() - run.successes() - run.errorCount(), run.errorCount(), run.cpu().generatorPercent(), run);
        }
    }

    /**
     * A line's steps and its knee: the step of the highest throughput.
     *
     * @param levelledOff whether throughput stopped growing before the ladder ran out (else the knee may lie beyond it)
     */
    public record LineResult(String id, String name, String what, String unit, int opsPerRequest, List<Step> steps,
                             int kneeStep, boolean levelledOff, Step knee) {
    }

    /** One open-loop rate of a curve; its throughput and latencies are of the 2xx answers. */
    public record CurvePoint(double offeredOpsPerSecond, double achievedOpsPerSecond, double p50Ms, double p99Ms,
                             double p999Ms, long requests, long notOk, double generatorCpuPercent, RunResult run) {

        static CurvePoint of(double offeredRequestsPerSecond, int opsPerRequest, RunResult run) {
            return new CurvePoint(offeredRequestsPerSecond * opsPerRequest, run.successesPerSecond() * opsPerRequest,
                    run.latency().p50Ms(), run.latency().p99Ms(), run.latency().p999Ms(), run.requests(),
                    run.requests() - run.successes(), run.cpu().generatorPercent(), run);
        }
    }

    /** Latency against throughput for one line, at the open-loop rates its ladder offered. */
    public record Curve(String id, String name, String unit, List<CurvePoint> points, String endedBecause) {
    }

    /** Two lines' knees side by side: {@code of} says which, e.g. "(c)/(a)". */
    public record Ratio(String name, String of, double numerator, double denominator, double value, Double goal,
                        Boolean met) {
        static Ratio of(String name, String of, double numerator, double denominator, Double goal) {
            double value = denominator > 0 ? numerator / denominator : 0;
            return new Ratio(name, of, numerator, denominator, value, goal, goal == null ? null : value >= goal);
        }
    }

    /** A figure against a goal it feeds (measured here, not enforced): {@code atLeast} false means at most. */
    public record Goal(String name, double value, boolean atLeast, double goal, boolean met) {
        static Goal atLeast(String name, double value, double goal) {
            return new Goal(name, value, true, goal, value >= goal);
        }

        static Goal atMost(String name, double value, double goal) {
            return new Goal(name, value, false, goal, value <= goal);
        }
    }

    /** An exact-count check of the increments a line wrote, its measured steps, warm-ups and curve points together. */
    public record Count(String phase, CountCheck.Outcome check) {
    }
}
