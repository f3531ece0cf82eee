package dev.tally.perf.load;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * What a run measured, warm-up left out; a record so that reports can write it as JSON.
 *
 * @param loop                 "closed" or "open"
 * @param connections          a closed loop's concurrency, or an open loop's cap on connections
 * @param targetRatePerSecond  an open loop's schedule; null for a closed loop
 * @param warmUpRequests       requests that ended in the unmeasured warm-up
 * @param requests             measured requests that ended, with an answer or an error
 * @param successes            of those, answered 2xx
 * @param seconds              from the first measured request's due (or send) time to the last one's end
 * @param latency              of the successes, from due time (closed loop: first send) to answer, retries included
 * @param serviceTime          of the successes, from the answered attempt's send to its answer
 * @param statuses             final answers to the measured requests, by HTTP status
 * @param retried429           429s to measured requests that were retried (the retry is the same request)
 * @param retried              every retry of a measured request, by cause ({@code "HTTP 429"}, {@code "HTTP 503"},
 *                             {@code "REQUEST_TIMEOUT"}, ...): see {@link LoadGenerator#retryWhen}
 * @param errors               measured requests that got no answer, by why
 * @param connectionsOpened    connections the run opened, warm-up included (more than its cap means some broke)
 * @param completionsPerSecond measured requests that ended in each second from the first one's due (or send) time
 * @param cpu                  what the measured part cost the machine
 * @param cpuWithWarmUp        what the whole run cost it: the warm-up's connects and most JIT compiling too
 * @param latencyHistogram     the histogram behind {@code latency}, in microseconds, to merge runs with; not in the JSON
 * @param serviceTimeHistogram the same behind {@code serviceTime}
 */
public record RunResult(
        String name,
        String loop,
        int connections,
        Double targetRatePerSecond,
        long warmUpRequests,
        long requests,
        long successes,
        double seconds,
        double requestsPerSecond,
        double successesPerSecond,
        LatencySummary latency,
        LatencySummary serviceTime,
        Map<Integer, Long> statuses,
        long retried429,
        Map<String, Long> retried,
        Map<ErrorKind, ErrorCount> errors,
        long connectionsOpened,
        long[] completionsPerSecond,
        CpuShare cpu,
        CpuShare cpuWithWarmUp,
        @JsonIgnore Histogram latencyHistogram,
        @JsonIgnore Histogram serviceTimeHistogram) {

    static RunResult of(LoadGenerator plan, RunWindow window, LaneTally total, CpuMeter.Shares cpu) {
        double seconds = total.measured == 0 ? 0 : (total.lastEndNanos - window.measureStartNanos()) / 1e9;
        return new RunResult(plan.name, plan.isClosedLoop() ? "closed" : "open", plan.connections,
                plan.isClosedLoop() ? null : plan.schedule.ratePerSecond(), total.warmUp, total.measured, total.successes,
                seconds, perSecond(total.measured, seconds), perSecond(total.successes, seconds),
                LatencySummary.of(total.latencyMicros), LatencySummary.of(total.serviceTimeMicros),
                total.statuses(), total.retried().getOrDefault("HTTP 429", 0L), total.retried(), total.errors(),
                total.connectionsOpened, total.completionsPerSecond(), cpu.measured(), cpu.wholeRun(), total.latencyMicros,
                total.serviceTimeMicros);
    }

    /**
     * Several runs of one load as one, e.g. the rounds of a case measured between other cases:
     * counts, statuses and latency histograms added up, rates over the runs' summed seconds.
     */
    public static RunResult merge(String name, List<RunResult> runs) {
        return RunMerge.of(name, runs);
    }

    /** Requests that got no answer, of every kind. */
    public long errorCount() {
        return errors.values().stream().mapToLong(ErrorCount::count).sum();
    }

    /** A few lines for a terminal. */
    public String summary() {
        String shape = targetRatePerSecond == null
                ? "closed loop, " + connections + " connections"
                : String.format("open loop at %.0f/s, up to %d connections", targetRatePerSecond, connections);
        String heading = String.format("%s: %s, %d connections opened", name, shape, connectionsOpened);
        if (requests == 0 && warmUpRequests > 0) {
            // A warm-up on its own (a stack warm-up): nothing was measured, so no latency to print.
            return String.join(System.lineSeparator(),
                    heading,
                    String.format("  warm-up       %d requests, nothing measured", warmUpRequests),
                    "  cpu, warm-up  " + cpuWithWarmUp.line());
        }
        String errorLine = errors.isEmpty() ? "none" : errors.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().count() + " (first: " + e.getValue().firstMessage() + ")")
                .collect(Collectors.joining(", "));
        return String.join(System.lineSeparator(),
                heading,
                String.format("  requests      %d in %.2f s: %.0f/s (%d successes: %.0f/s), %d warm-up before",
                        requests, seconds, requestsPerSecond, successes, successesPerSecond, warmUpRequests),
                "  latency       " + latency.line(),
                "  service time  " + serviceTime.line(),
                "  statuses      " + statuses + (retried.isEmpty() ? "" : ", retried " + retried),
                "  errors        " + errorLine,
                "  per second    " + java.util.Arrays.toString(completionsPerSecond),
                "  cpu           " + cpu.line(),
                "  cpu, warm-up  " + cpuWithWarmUp.line());
    }

    private static double perSecond(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }
}
