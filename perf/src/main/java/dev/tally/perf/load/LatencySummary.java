package dev.tally.perf.load;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one histogram of latencies, in milliseconds (recorded in microseconds, to three
 * significant digits).
 */
public record LatencySummary(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
                             double maxMs, double meanMs) {

    public static LatencySummary of(Histogram micros) {
        return new LatencySummary(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()), micros.getMean() / 1000.0);
    }

    /** One line: {@code p50 1.23  p90 ... ms}. */
    String line() {
        return String.format("p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  mean %.2f ms (n=%d)",
                p50Ms, p90Ms, p99Ms, p999Ms, maxMs, meanMs, count);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
