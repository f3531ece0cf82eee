package dev.tally.server;

import dev.tally.domain.Consistency;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per consistency level and operation (write, read): how many, how fast, how many failed, as
 * {@code GET /consistency-metrics} shows. A failure is an answer of 5xx; 4xx and 429
 * are the client's or back-pressure's, not the level's.
 *
 * <p>The figures live in the process's registry ({@code tally_requests_seconds} histogram and
 * {@code tally_failures_total}, both tagged operation and level), which {@code GET /metrics} exports;
 * the p99 shown here is read off that histogram's buckets, counted since the process started.
 */
public final class ConsistencyMetrics {

    public enum Operation { WRITE, READ }

    private final PrometheusMeterRegistry registry;

    /** On the process's registry, which {@code GET /metrics} exports. */
    public ConsistencyMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** On a registry of its own: for tests and tools that build one part of a process. */
    public ConsistencyMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /**
     * The process's registry, which the ingest and query sides register their meters in and
     * {@code GET /metrics} exports.
     */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void record(Operation operation, Consistency level, Duration took, boolean failed) {
        timer(operation, level).record(took);
        if (failed) {
            failures(operation, level).increment();
        }
    }

    /** level → operation → figures, e.g. {"strong": {"write": {"count": 10, …}}}. */
    public Map<String, Map<String, Figures>> snapshot() {
        Map<String, Map<String, Figures>> all = new LinkedHashMap<>();
        for (Consistency level : Consistency.values()) {
            Map<String, Figures> byOperation = new LinkedHashMap<>();
            for (Operation operation : Operation.values()) {
                Timer timer = timer(operation, level);
                double p99 = p99Ms(timer);
                byOperation.put(operation.name().toLowerCase(java.util.Locale.ROOT), new Figures(timer.count(),
                        round(timer.mean(TimeUnit.MILLISECONDS)), round(p99), (long) failures(operation, level).count()));
            }
            all.put(level.label(), byOperation);
        }
        return all;
    }

    private Timer timer(Operation operation, Consistency level) {
        return Timer.builder("tally.requests")
                .tag("operation", operation.name()).tag("level", level.name())
                // Prometheus histogram buckets (quantiles are the server's to compute), 1 ms to 30 s.
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    private Counter failures(Operation operation, Consistency level) {
        return Counter.builder("tally.failures").tag("operation", operation.name()).tag("level", level.name()).register(registry);
    }

    /** The upper bound of the first bucket holding 99 % of the timings: an upper estimate of the p99. */
    private static double p99Ms(Timer timer) {
        var snapshot = timer.takeSnapshot();
        double wanted = Math.ceil(snapshot.count() * 0.99);
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            if (wanted > 0 && bucket.count() >= wanted) {
                return bucket.bucket(TimeUnit.MILLISECONDS);
            }
        }
        return snapshot.max(TimeUnit.MILLISECONDS);
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    /** @param averageMs mean latency; p99Ms the 99th percentile; failures answers of 5xx */
    public record Figures(long count, double averageMs, double p99Ms, long failures) {
    }
}
