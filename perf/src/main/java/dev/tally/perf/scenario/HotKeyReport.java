package dev.tally.perf.scenario;

import dev.tally.perf.check.CountCheck;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.report.LoadRow;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code perf hotkey} run measured, with what it ran against: the JSON file, and the
 * summary table printed at the end.
 *
 * @param configurations the API settings of each configuration compared (with --url: unknown, "current")
 * @param httpFloor      GET /health at the cold rate: HTTP and load-generator cost with no Kafka behind it
 */
record HotKeyReport(
        String startedAt,
        String url,
        String mode,
        Map<String, Object> options,
        Map<String, Map<String, String>> configurations,
        int partition,
        int availableProcessors,
        RunResult httpFloor,
        List<HotKeyScenario.Phase> phases,
        boolean exact,
        List<String> notes) {

    void print(PrintStream out) {
        out.println();
        LoadRow.header(out);
        for (HotKeyScenario.Phase phase : phases) {
            if (phase.cold() != null) {
                LoadRow.print(out, phase.name() + " cold", phase.cold());
            }
            if (phase.hot() != null) {
                LoadRow.print(out, phase.name() + " hot", phase.hot());
            }
        }
        LoadRow.print(out, "GET /health (floor)", httpFloor);
        out.println();
        for (HotKeyScenario.Phase phase : phases) {
            CountCheck.Outcome check = phase.check();
            out.printf("%-12s %-10s %d keys, %d increments accepted, counted %s (%.1f s)%s%n", phase.name(), phase.configuration(),
                    check.keys(), check.acceptedTotal(), check.exact() ? "exactly" : "WRONG", check.waitedSeconds(),
                    phase.hot() == null ? "" : String.format("; hot key's 202s on the excess queue: %.0f %%",
                            phase.hotAccepted() == 0 ? 0.0 : 100.0 * phase.hotExcess() / phase.hotAccepted()));
            check.mismatches().stream().limit(10).forEach(m -> out.println("    MISMATCH " + m));
        }
        notes.forEach(note -> out.println("note: " + note));
        out.println(exact ? "every counter exact" : "COUNT MISMATCH: see above");
    }
}
