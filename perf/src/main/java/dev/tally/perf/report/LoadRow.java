package dev.tally.perf.report;

import dev.tally.perf.load.RunResult;
import java.io.PrintStream;
import java.util.List;

/**
 * One run of the load generator as a row of a summary table: what every perf command prints at
 * its end, so that each shows the same figures, the generator's own CPU share among them.
 */
public final class LoadRow {

    private static final String FORMAT = "%-30s %8s %9s %8s %8s %8s %8s %6s %7s %6s%n";

    private LoadRow() {
    }

    public static void header(PrintStream out) {
        out.printf(FORMAT, "run", "requests", "2xx/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors", "retried", "gen %");
    }

    /** Requests that ended, 2xx per second, latency percentiles of the 2xx, non-2xx and unanswered, retries, generator CPU. */
    public static void print(PrintStream out, String name, RunResult run) {
        out.printf(FORMAT, name, run.requests(), String.format("%.0f", run.successesPerSecond()),
                ms(run.latency().p50Ms()), ms(run.latency().p99Ms()), ms(run.latency().p999Ms()), ms(run.latency().maxMs()),
                run.requests() - run.successes(), run.retried().values().stream().mapToLong(Long::longValue).sum(),
                String.format("%.1f", run.cpu().generatorPercent()));
    }

    public static void table(PrintStream out, List<RunResult> runs) {
        header(out);
        runs.forEach(run -> print(out, run.name(), run));
    }

    private static String ms(double value) {
        return String.format("%.2f", value);
    }
}
