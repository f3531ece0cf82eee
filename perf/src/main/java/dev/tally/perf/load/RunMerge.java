package dev.tally.perf.load;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;

/** {@link RunResult#merge}: runs of one load added up as if they had been one run, back to back. */
final class RunMerge {

    private RunMerge() {
    }

    static RunResult of(String name, List<RunResult> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        RunResult first = runs.get(0);
        Histogram latency = new Histogram(3);
        Histogram serviceTime = new Histogram(3);
        Map<Integer, Long> statuses = new TreeMap<>();
        Map<String, Long> retried = new TreeMap<>();
        Map<ErrorKind, ErrorCount> errors = new EnumMap<>(ErrorKind.class);
        long warmUp = 0;
        long requests = 0;
        long successes = 0;
        long connections = 0;
        double seconds = 0;
        for (RunResult run : runs) {
            latency.add(run.latencyHistogram());
            serviceTime.add(run.serviceTimeHistogram());
            run.statuses().forEach((status, count) -> statuses.merge(status, count, Long::sum));
            run.retried().forEach((cause, count) -> retried.merge(cause, count, Long::sum));
            run.errors().forEach((kind, count) -> errors.merge(kind, count, ErrorCount::plus));
            warmUp += run.warmUpRequests();
            requests += run.requests();
            successes += run.successes();
            connections += run.connectionsOpened();
            seconds += run.seconds();
        }
        long[] perSecond = runs.stream().flatMapToLong(run -> LongStream.of(run.completionsPerSecond())).toArray();
        int maxConnections = runs.stream().mapToInt(RunResult::connections).max().orElse(0);
        return new RunResult(name, first.loop(), maxConnections, first.targetRatePerSecond(), warmUp, requests,
                successes, seconds, perSecond(requests, seconds), perSecond(successes, seconds),
                LatencySummary.of(latency), LatencySummary.of(serviceTime), statuses,
                retried.getOrDefault("HTTP 429", 0L), retried, errors, connections, perSecond,
                CpuShare.sum(runs.stream().map(RunResult::cpu).toList()),
                CpuShare.sum(runs.stream().map(RunResult::cpuWithWarmUp).toList()), latency, serviceTime);
    }

    private static double perSecond(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }
}
