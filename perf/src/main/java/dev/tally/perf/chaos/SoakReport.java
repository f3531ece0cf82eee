package dev.tally.perf.chaos;

import dev.tally.perf.load.RunResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What one {@code perf soak} run saw: the load, the faults, every process's RSS growth after warm-up,
 * and whether the counters came to exactly the increments acknowledged; {@code rssSamples} keeps every
 * reading by process name, to tell a step (a process taking over work) from a creep (a leak).
 */
record SoakReport(String startedAt, double minutes, double rate, RunResult load, List<FaultSchedule.Event> faults,
                  List<RssGrowth> rss, long acknowledged, long counted, boolean exact, long unresolved, double maxGrowthPercent,
                  Map<String, List<RssSampler.Sample>> rssSamples) {

    boolean withinGrowth() {
        return rss.stream().allMatch(r -> r.growthPercent() <= maxGrowthPercent);
    }

    void print(PrintStream out) {
        out.printf("soak: %.1f min at %.0f increments/s, %d requests, %d acknowledged, %d never acknowledged%n",
                minutes, rate, load.requests(), acknowledged, unresolved);
        faults.forEach(f -> out.printf("  %6.1f s  %-22s took %.1f s%n", f.atSeconds(), f.what(), f.tookSeconds()));
        out.printf("  %-14s %10s %10s %8s %s%n", "process", "warm MiB", "end MiB", "growth", "");
        for (RssGrowth r : rss) {
            out.printf("  %-14s %10.1f %10.1f %7.1f%% %s%n", r.instance(), r.warmKb() / 1024.0, r.endKb() / 1024.0, r.growthPercent(),
                    (r.restarted() ? "(restarted: its last life) " : "") + (r.growthPercent() > maxGrowthPercent ? "OVER " + maxGrowthPercent + " %" : ""));
        }
        out.printf("counts: %d counted for %d acknowledged: %s%n", counted, acknowledged, exact ? "exact" : "NOT EXACT");
    }
}
