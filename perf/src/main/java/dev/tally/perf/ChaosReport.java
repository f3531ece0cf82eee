package dev.tally.perf;

import dev.tally.compose.stack.StackSpec;
import dev.tally.domain.Json;
import dev.tally.perf.report.Charts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code perf chaos} run saw: the load, the faults, and the verdict per counter.
 *
 * @param acknowledged    increments answered 202 (each idempotency key once, however often it was sent)
 * @param counted         the sum of the final counters
 * @param lost            acknowledged increments missing from the counters (summed over keys that came short)
 * @param duplicated      increments counted more often than acknowledged (summed over keys that came long)
 * @param unresolved      increments never answered 202 within the retry policy, even after the resolution pass
 * @param longestPauseSec the longest time between two consecutive 202s
 */
record ChaosReport(
        String startedAt,
        String url,
        String mode,
        Map<String, Object> options,
        StackSpec stack,
        LoadResult load,
        long replays,
        Map<String, Long> retriesByCause,
        List<FaultSchedule.Event> faults,
        long acknowledged,
        long counted,
        long lost,
        long duplicated,
        long unresolved,
        double longestPauseSec,
        double longestPauseAtSec,
        CountCheck.Outcome check,
        boolean exact) {

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("chaos-" + startedAt.replace(":", "") + ".json");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        return file;
    }

    /** Acknowledged increments per second over the run, with a vertical mark at each fault step. */
    static Path chart(long[] ackNanos, List<FaultSchedule.Event> faults, Path file) throws IOException {
        int seconds = ackNanos.length == 0 ? 1 : (int) (ackNanos[ackNanos.length - 1] / 1_000_000_000L) + 1;
        double[] x = new double[seconds];
        double[] perSecond = new double[seconds];
        for (int s = 0; s < seconds; s++) {
            x[s] = s;
        }
        for (long at : ackNanos) {
            perSecond[(int) (at / 1_000_000_000L)]++;
        }
        double top = 0;
        for (double v : perSecond) {
            top = Math.max(top, v);
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("acknowledged increments/s", new double[][] {x, perSecond});
        for (FaultSchedule.Event fault : faults) {
            series.put(fault.what() + " (" + Math.round(fault.atSeconds()) + " s)",
                    new double[][] {{fault.atSeconds(), fault.atSeconds()}, {0, top}});
        }
        return Charts.lines("perf chaos: writes while processes are killed and restarted", "time since start (s)",
                "increments answered 202 per second", series, file);
    }

    void print(PrintStream out) {
        out.println();
        out.println(LoadResult.header());
        out.println(load.row());
        out.println();
        faults.forEach(f -> out.printf("%-10s %-22s at %6.1f s (took %.1f s)%n", "fault", f.what(), f.atSeconds(), f.tookSeconds()));
        out.printf("%-10s longest pause between two 202s: %.2f s (at %.1f s)%n", "writes", longestPauseSec, longestPauseAtSec);
        out.printf("%-10s retried sends by cause: %s; idempotent replays: %d%n", "retries", retriesByCause, replays);
        out.println();
        out.printf("%-14s %12s%n", "acknowledged", acknowledged);
        out.printf("%-14s %12s%n", "counted", counted);
        out.printf("%-14s %12s%n", "lost", lost);
        out.printf("%-14s %12s%n", "duplicated", duplicated);
        out.printf("%-14s %12s%n", "unresolved", unresolved);
        check.mismatches().stream().limit(10).forEach(m -> out.println("    MISMATCH " + m));
        out.println(exact ? "EXACT: every acknowledged increment counted once, nothing lost, nothing duplicated"
                : "NOT EXACT: see above");
    }
}
