package dev.tally.perf.chaos;

import dev.tally.perf.check.CountCheck;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.report.Charts;
import dev.tally.perf.report.LoadRow;
import dev.tally.perf.stack.StackTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code perf chaos} run saw: the load, the faults, and the verdict per counter.
 *
 * @param resolution      the pass that sent the increments never acknowledged again, after the faults; null if none
 * @param acknowledged    increments answered 202 (each idempotency key once, however often it was sent)
 * @param counted         the sum of the final counters
 * @param lost            acknowledged increments missing from the counters (summed over keys that came short)
 * @param duplicated      increments counted more often than sent (summed over keys that came long)
 * @param unresolved      increments never answered 202, even after the resolution pass
 * @param longestPauseSec the longest time between two consecutive 202s
 */
record ChaosReport(
        String startedAt,
        String url,
        String mode,
        Map<String, Object> options,
        RunResult load,
        RunResult resolution,
        long replays,
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

    static ChaosReport of(String startedAt, StackTarget stack, Map<String, Object> options, RunResult load, RunResult resolution,
                          ChaosLedger ledger, List<FaultSchedule.Event> faults, long unresolved, CountCheck.Outcome check) {
        long lost = 0;
        long duplicated = 0;
        for (CountCheck.Mismatch m : check.mismatches()) {
            long actual = Math.max(0, m.actual());
            lost += Math.max(0, m.accepted() - actual);
            duplicated += Math.max(0, actual - m.accepted() - m.uncertain());
        }
        long[] acks = ledger.ackTimes();
        double longestPause = 0;
        double longestPauseAt = 0;
        for (int i = 1; i < acks.length; i++) {
            double gap = (acks[i] - acks[i - 1]) / 1e9;
            if (gap > longestPause) {
                longestPause = gap;
                longestPauseAt = acks[i - 1] / 1e9;
            }
        }
        return new ChaosReport(startedAt, stack.apiUrl(), stack.mode(), options, load, resolution, ledger.replays(), faults,
                check.acceptedTotal(), check.countedTotal(), lost, duplicated, unresolved, longestPause, longestPauseAt, check,
                check.exact() && unresolved == 0);
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
        return Charts.lines("perf chaos: writes while processes fail and come back", "time since start (s)",
                "increments answered 202 per second", series, file);
    }

    void print(PrintStream out) {
        out.println();
        List<RunResult> runs = new ArrayList<>(List.of(load));
        if (resolution != null) {
            runs.add(resolution);
        }
        LoadRow.table(out, runs);
        out.println();
        faults.forEach(f -> out.printf("%-10s %-22s at %6.1f s (took %.1f s)%n", "fault", f.what(), f.atSeconds(), f.tookSeconds()));
        out.printf("%-10s longest pause between two 202s: %.2f s (at %.1f s)%n", "writes", longestPauseSec, longestPauseAtSec);
        out.printf("%-10s retried sends by cause: %s; idempotent replays: %d%n", "retries", load.retried(), replays);
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
