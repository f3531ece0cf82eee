package dev.tally.perf.ceiling;

import dev.tally.perf.stack.ProducerPerf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ratios and goals of a {@code perf ceiling} run, from the lines' knees: computed here from the
 * very figures the report lists, so a ratio always equals its lines' throughputs divided.
 */
final class CeilingFigures {

    /** Single increments at capacity against the same server's {@code GET /health} capacity. */
    static final double SINGLE_OVER_HEALTH_GOAL = 0.7;
    /** Batch increments against Kafka's own producer benchmark on the same cluster. */
    static final double BATCH_OVER_PRODUCER_GOAL = 0.5;
    static final double SINGLE_PER_SECOND_GOAL = 9_000;
    static final double BATCH_PER_SECOND_GOAL = 60_000;
    /** The open-loop rate of single increments whose p99 the latency goal is about, and that goal. */
    static final double LATENCY_GOAL_RATE = 2_000;
    static final double LATENCY_GOAL_P99_MS = 50;

    private CeilingFigures() {
    }

    static List<CeilingReport.Ratio> ratios(Map<String, CeilingReport.LineResult> lines, ProducerPerf.Result producer) {
        double health = knee(lines, "(a)");
        double noKafka = knee(lines, "(b)");
        double single = knee(lines, "(c)");
        double batch = knee(lines, "(d)");
        return List.of(
                CeilingReport.Ratio.of("single increments / GET /health", "(c)/(a)", single, health, SINGLE_OVER_HEALTH_GOAL),
                CeilingReport.Ratio.of("batch increments / ProducerPerformance", "(d)/(e)", batch,
                        producer.recordsPerSecond(), BATCH_OVER_PRODUCER_GOAL),
                CeilingReport.Ratio.of("single increments / no-Kafka endpoint", "(c)/(b)", single, noKafka, null),
                CeilingReport.Ratio.of("no-Kafka endpoint / GET /health", "(b)/(a)", noKafka, health, null));
    }

    static List<CeilingReport.Goal> goals(Map<String, CeilingReport.LineResult> lines, List<CeilingReport.Ratio> ratios,
                                          Optional<CeilingReport.Curve> singleCurve) {
        List<CeilingReport.Goal> goals = new ArrayList<>();
        goals.add(CeilingReport.Goal.atLeast("single increments/s at the knee", knee(lines, "(c)"), SINGLE_PER_SECOND_GOAL));
        for (CeilingReport.Ratio ratio : ratios) {
            if (ratio.goal() != null) {
                goals.add(CeilingReport.Goal.atLeast(ratio.name() + " " + ratio.of(), ratio.value(), ratio.goal()));
            }
        }
        goals.add(CeilingReport.Goal.atLeast("batch increments/s at the knee", knee(lines, "(d)"), BATCH_PER_SECOND_GOAL));
        singleCurve.flatMap(curve -> curve.points().stream()
                        .filter(point -> point.offeredOpsPerSecond() == LATENCY_GOAL_RATE).findFirst())
                .ifPresent(point -> goals.add(CeilingReport.Goal.atMost(
                        "p99 ms of single increments at 2,000/s open loop", point.p99Ms(), LATENCY_GOAL_P99_MS)));
        return goals;
    }

    private static double knee(Map<String, CeilingReport.LineResult> lines, String id) {
        return lines.get(id).knee().opsPerSecond();
    }
}
