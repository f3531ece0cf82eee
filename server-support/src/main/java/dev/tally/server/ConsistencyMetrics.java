package dev.tally.server;

import dev.tally.domain.Consistency;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per consistency level and operation (write, read): how many, how fast, how many failed, as
 * {@code GET /consistency-metrics} shows. A failure is an answer of 5xx; 4xx and 429
 * are the client's or back-pressure's, not the level's.
 */
public final class ConsistencyMetrics {

    public enum Operation { WRITE, READ }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

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
                double p99 = 0;
                for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
                    p99 = v.value(TimeUnit.MILLISECONDS);
                }
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
                // Micrometer keeps a decaying histogram: the p99 is over roughly the last two minutes.
                .publishPercentiles(0.99)
                .register(registry);
    }

    private Counter failures(Operation operation, Consistency level) {
        return Counter.builder("tally.failures").tag("operation", operation.name()).tag("level", level.name()).register(registry);
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    /** @param averageMs mean latency; p99Ms the 99th percentile; failures answers of 5xx */
    public record Figures(long count, double averageMs, double p99Ms, long failures) {
    }
}
