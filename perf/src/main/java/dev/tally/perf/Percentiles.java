package dev.tally.perf;

import java.util.Arrays;

/** Latency samples in microseconds and the summary a benchmark reports: nearest-rank percentiles. */
public final class Percentiles {

    private final long[] sorted;

    public Percentiles(long[] samplesMicros) {
        if (samplesMicros.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.sorted = samplesMicros.clone();
        Arrays.sort(sorted);
    }

    /** Nearest-rank: the smallest sample that at least {@code p} percent of samples do not exceed. */
    public long percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public long max() {
        return sorted[sorted.length - 1];
    }

    public double mean() {
        return Arrays.stream(sorted).average().orElse(0);
    }

    public int count() {
        return sorted.length;
    }

    /** One table row, in milliseconds. */
    public String row(String name) {
        return String.format("%-22s %7d %9.2f %9.2f %9.2f %9.2f %9.2f", name, count(),
                ms(percentile(50)), ms(percentile(90)), ms(percentile(99)), ms(max()), mean() / 1000.0);
    }

    public static String header() {
        return String.format("%-22s %7s %9s %9s %9s %9s %9s", "operation", "n", "p50 ms", "p90 ms", "p99 ms", "max ms", "mean ms");
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
