package dev.tally.perf.ceiling;

import dev.tally.perf.report.Charts;
import dev.tally.perf.report.ResultFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The two charts of a {@code perf ceiling} run, beside its JSON file. */
final class CeilingCharts {

    private CeilingCharts() {
    }

    /** Throughput against closed-loop concurrency, one line per HTTP line: where each levels off is its knee. */
    static Path knees(CeilingReport report, Path json) throws IOException {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (CeilingReport.LineResult line : report.lines()) {
            List<CeilingReport.Step> steps = line.steps();
            series.put(line.id() + " " + line.name() + " (" + line.unit() + ")", new double[][] {
                    steps.stream().mapToDouble(CeilingReport.Step::concurrency).toArray(),
                    steps.stream().mapToDouble(step -> Math.max(1, step.opsPerSecond())).toArray()});
        }
        return Charts.logLines("Throughput against concurrency on " + report.availableProcessors() + " cores (closed loops)",
                "requests in flight (connections)", "operations per second", series, ResultFiles.chart(json, "knees"));
    }

    /** p50 and p99 against the throughput achieved, for single increments, batches and reads. */
    static Path curves(CeilingReport report, Path json) throws IOException {
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (CeilingReport.Curve curve : report.curves()) {
            series.put(curve.name() + " p50", points(curve, CeilingReport.CurvePoint::p50Ms));
            series.put(curve.name() + " p99", points(curve, CeilingReport.CurvePoint::p99Ms));
        }
        return Charts.logLines("Latency against throughput (open loops at doubling rates)",
                "achieved operations per second (increments or reads)", "latency (ms)", series,
                ResultFiles.chart(json, "latency"));
    }

    /** Log axes have no 0: a point with no 2xx (throughput or latency 0) sits at the axis' floor instead. */
    private static double[][] points(CeilingReport.Curve curve, ToDoubleFunction<CeilingReport.CurvePoint> latency) {
        return new double[][] {
                curve.points().stream().mapToDouble(p -> Math.max(1, p.achievedOpsPerSecond())).toArray(),
                curve.points().stream().mapToDouble(p -> Math.max(0.01, latency.applyAsDouble(p))).toArray()};
    }
}
