package dev.tally.perf;

import dev.tally.compose.stack.StackSpec;
import dev.tally.domain.Json;
import dev.tally.perf.report.Charts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code perf ceiling} run measured: the five lines side by side, the two ratios
 * against their goals, and the exact-count checks; written as JSON and a bar chart, printed as a table.
 *
 * @param stack the shape of the stack the tool started; null with --url
 */
record CeilingReport(
        String startedAt,
        String url,
        String mode,
        Map<String, Object> options,
        StackSpec stack,
        int availableProcessors,
        String javaVersion,
        List<Line> lines,
        List<Ratio> ratios,
        List<Count> counts,
        boolean exact,
        Map<String, LoadResult> http,
        ProducerPerf.Result producerPerformance,
        List<String> notes) {

    /**
     * One bar: {@code opsPerSecond} is requests/s for (a)-(c), increments (records)/s for (d) and (e).
     *
     * @param label the bar's short name under the chart
     */
    record Line(String id, String label, String what, String unit, long ops, double seconds, double opsPerSecond,
                Double p50Ms, Double p99Ms, long errors, Double loadGeneratorCores) {

        static Line of(String id, String label, String what, String unit, LoadResult r, int opsPerRequest) {
            return new Line(id, label, what, unit, r.accepted() * opsPerRequest, r.seconds(), r.acceptedPerSecond() * opsPerRequest,
                    r.latency() == null ? null : r.latency().p50Ms(), r.latency() == null ? null : r.latency().p99Ms(),
                    r.errors(), r.loadGeneratorCores());
        }
    }

    /** @param goal issue 5's goal for this ratio, null where it has none (then {@code met} is null too) */
    record Ratio(String name, String of, double value, Double goal, Boolean met) {
        static Ratio of(String name, Line numerator, Line denominator, Double goal) {
            double value = denominator.opsPerSecond() > 0 ? numerator.opsPerSecond() / denominator.opsPerSecond() : 0;
            return new Ratio(name, numerator.id() + "/" + denominator.id(), value, goal, goal == null ? null : value >= goal);
        }
    }

    /**
     * A phase's exact-count check: {@code sent} increments answered 202, {@code counted} the sum of
     * their counters read back (equal when exact).
     */
    record Count(String phase, long sent, long counted, boolean exact, CountCheck.Outcome check) {
        static Count of(String phase, CountCheck.Outcome check) {
            return new Count(phase, check.expectedTotal(), check.countedTotal(), check.exact(), check);
        }
    }

    private String stem() {
        return "ceiling-" + startedAt.replace(":", "").replace(".", "-");
    }

    Path writeJson(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(stem() + ".json");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        return file;
    }

    Path writeChart(Path dir) throws IOException {
        return Charts.bars("Ingest ceiling on " + availableProcessors + " cores: each line against its ceiling",
                "(a)-(c): same closed-loop HTTP load; (d) batch endpoint vs (e) Kafka's ProducerPerformance",
                "requests/s (a-c), increments/s (d, e)",
                lines.stream().map(l -> l.id() + " " + l.label()).toList(),
                Map.of("throughput", lines.stream().map(l -> Math.round(l.opsPerSecond())).toList()),
                dir.resolve(stem() + ".png"));
    }

    void print(PrintStream out) {
        out.println();
        out.printf("%-4s %-40s %9s %7s %10s %-9s %8s %8s %6s %6s%n",
                "", "what", "ops", "s", "ops/s", "unit", "p50 ms", "p99 ms", "errors", "cores");
        for (Line l : lines) {
            out.printf("%-4s %-40s %9d %7.1f %10.0f %-9s %8s %8s %6d %6s%n", l.id(), l.what(), l.ops(), l.seconds(),
                    l.opsPerSecond(), l.unit(), format(l.p50Ms()), format(l.p99Ms()), l.errors(), format(l.loadGeneratorCores()));
        }
        out.println();
        for (Ratio r : ratios) {
            out.printf("%-44s %-7s %5.2f   %s%n", r.name(), r.of(), r.value(),
                    r.goal() == null ? "" : String.format("goal >= %.2f  %s", r.goal(), r.met() ? "met" : "NOT met"));
        }
        out.println();
        for (Count c : counts) {
            out.printf("%-44s %d sent, %d counted: %s (%.1f s)%n", c.phase(), c.sent(), c.counted(),
                    c.exact() ? "exact" : "MISMATCH", c.check().waitedSeconds());
            c.check().mismatches().stream().limit(10).forEach(m -> out.println("    MISMATCH " + m));
        }
        notes.forEach(note -> out.println("note: " + note));
        out.println(exact ? "every counter exact" : "COUNT MISMATCH: see above");
    }

    private static String format(Double value) {
        return value == null ? "-" : String.format("%.2f", value);
    }
}
