package dev.tally.perf.ceiling;

import dev.tally.perf.check.CountCheck;
import dev.tally.perf.stack.ProducerPerf;
import java.io.PrintStream;

/** The summary of a {@code perf ceiling} run on stdout: steps per line with the knee marked, ratios, goals, curves, counts. */
final class CeilingTable {

    private static final String STEP = "%-4s %-9s %6s %11s %-7s %9s %9s %9s %8s %8s %6s%n";

    private CeilingTable() {
    }

    static void print(CeilingReport report, PrintStream out) {
        out.println();
        out.printf(STEP, "", "line", "conc.", "throughput", "unit", "p50 ms", "p99 ms", "p99.9 ms", "not 2xx", "no answ.", "gen %");
        for (CeilingReport.LineResult line : report.lines()) {
            for (int i = 0; i < line.steps().size(); i++) {
                CeilingReport.Step step = line.steps().get(i);
                out.printf(STEP, i == 0 ? line.id() : "", i == 0 ? line.name() : "", step.concurrency(),
                        String.format("%.0f%s", step.opsPerSecond(), i == line.kneeStep() ? " *" : ""), line.unit(),
                        ms(step.p50Ms()), ms(step.p99Ms()), ms(step.p999Ms()), step.failed(), step.unanswered(),
                        String.format("%.1f", step.generatorCpuPercent()));
            }
        }
        ProducerPerf.Result producer = report.producerPerformance();
        out.printf(STEP, "(e)", "Kafka", "-", String.format("%.0f *", producer.recordsPerSecond()), "rec/s",
                ms(producer.p50Ms()), ms(producer.p99Ms()), "-", "-", "-", "-");
        out.println("* the knee: the best step of the line" + (report.lines().stream().allMatch(CeilingReport.LineResult::levelledOff)
                ? "" : " (a line without levelling off may have more beyond its last step)"));
        out.println();
        for (CeilingReport.Ratio ratio : report.ratios()) {
            out.printf("%-42s %-8s %10.0f / %-10.0f = %5.2f%s%n", ratio.name(), ratio.of(), ratio.numerator(),
                    ratio.denominator(), ratio.value(), ratio.goal() == null ? ""
                            : String.format("   goal >= %.2f %s", ratio.goal(), ratio.met() ? "met" : "NOT met"));
        }
        out.println();
        for (CeilingReport.Goal goal : report.goals()) {
            out.printf("goal %-52s %10.2f %s %-10s %s%n", goal.name(), goal.value(), goal.atLeast() ? ">=" : "<=",
                    String.format(goal.goal() < 10 ? "%.2f" : "%,.0f", goal.goal()), goal.met() ? "met" : "NOT met");
        }
        out.println();
        out.printf("%-4s %-9s %12s %12s %9s %9s %9s %8s %6s%n", "", "curve", "offered/s", "achieved/s", "p50 ms", "p99 ms",
                "p99.9 ms", "not 2xx", "gen %");
        for (CeilingReport.Curve curve : report.curves()) {
            for (CeilingReport.CurvePoint point : curve.points()) {
                out.printf("%-4s %-9s %12.0f %12.0f %9s %9s %9s %8d %6.1f%n", curve.id(), curve.name(),
                        point.offeredOpsPerSecond(), point.achievedOpsPerSecond(), ms(point.p50Ms()), ms(point.p99Ms()),
                        ms(point.p999Ms()), point.notOk(), point.generatorCpuPercent());
            }
            out.printf("%-4s %-9s ended: %s%n", "", "", curve.endedBecause());
        }
        out.println();
        for (CeilingReport.Count count : report.counts()) {
            CountCheck.Outcome check = count.check();
            out.printf("%-44s %d keys, %d accepted, %d counted: %s%s (%.1f s)%n", count.phase(), check.keys(),
                    check.acceptedTotal(), check.countedTotal(), check.verdict(), check.exact() || !check.withinBounds() ? "" : ", " + check.unansweredAndWritten(),
                    check.waitedSeconds());
            check.mismatches().stream().limit(10).forEach(m -> out.println("    MISMATCH " + m));
        }
        report.notes().forEach(note -> out.println("note: " + note));
        out.println(report.exact() ? "every counter exact"
                : report.withinBounds() ? "every counter within bounds: every 202 counted once; of the increments that had no"
                        + " answer in time, some were written (see above)"
                : "COUNT MISMATCH: see above");
    }

    private static String ms(double value) {
        return String.format("%.2f", value);
    }
}
