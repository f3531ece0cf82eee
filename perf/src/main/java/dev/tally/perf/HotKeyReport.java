package dev.tally.perf;

import dev.tally.compose.stack.StackSpec;
import dev.tally.domain.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code perf hotkey} run measured, with what it ran against: the JSON file, and the
 * summary table printed at the end.
 *
 * @param stack          the shape of the stack the tool started; null with --url
 * @param configurations the API settings of each configuration compared (with --url: unknown, "current")
 * @param httpFloor      sequential GET /health: HTTP and load-generator cost with no Kafka behind it
 */
record HotKeyReport(
        String startedAt,
        String url,
        String mode,
        Map<String, Object> options,
        StackSpec stack,
        Map<String, Map<String, String>> configurations,
        int partition,
        int availableProcessors,
        String javaVersion,
        LoadResult.Latency httpFloor,
        List<HotKeyScenario.Phase> phases,
        boolean exact,
        List<String> notes) {

    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("hotkey-" + startedAt.replace(":", "").replace(".", "-") + ".json");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        return file;
    }

    void print(PrintStream out) {
        out.println();
        out.println(LoadResult.header());
        for (HotKeyScenario.Phase phase : phases) {
            if (phase.cold() != null) {
                out.println(phase.cold().row());
            }
            if (phase.hot() != null) {
                out.println(phase.hot().row());
            }
        }
        out.printf("%-22s %7d %9.2f %9.2f %9.2f %9.2f %9.2f%n", "GET /health (floor)", httpFloor.n(), httpFloor.p50Ms(),
                httpFloor.p90Ms(), httpFloor.p99Ms(), httpFloor.maxMs(), httpFloor.meanMs());
        out.println();
        for (HotKeyScenario.Phase phase : phases) {
            CountCheck.Outcome check = phase.check();
            out.printf("%-22s %s: %d keys, %d increments accepted, counted %s (%.1f s)%n", phase.name(), phase.configuration(),
                    check.keys(), check.expectedTotal(), check.exact() ? "exactly" : "WRONG", check.waitedSeconds());
            check.mismatches().stream().limit(10).forEach(m -> out.println("    MISMATCH " + m));
            for (LoadResult r : new LoadResult[] {phase.cold(), phase.hot()}) {
                if (r != null) {
                    out.printf("    %-18s %d clients, %.1f s, load generator %.2f cores%s%n", r.name(), r.clients(), r.seconds(),
                            r.loadGeneratorCores(), r.firstError() == null ? "" : ", first error " + r.firstError());
                }
            }
        }
        notes.forEach(note -> out.println("note: " + note));
        out.println(exact ? "every counter exact" : "COUNT MISMATCH: see above");
    }
}
