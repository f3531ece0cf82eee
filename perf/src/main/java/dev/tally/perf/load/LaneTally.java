package dev.tally.perf.load;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one lane saw of the measured requests. Only the lane's event loop writes it, so it needs no
 * locks; the lanes' tallies are added up once the run is over.
 */
final class LaneTally {

    /** Three significant digits: a 1.234 ms latency is told from 1.235 ms, a 1,234 ms one from 1,235 ms. */
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final int HIGHEST_STATUS = 599;

    /** Of successful (2xx) answers, in microseconds; both auto-resize, so no latency is too long to record. */
    final Histogram latencyMicros = new Histogram(SIGNIFICANT_DIGITS);
    final Histogram serviceTimeMicros = new Histogram(SIGNIFICANT_DIGITS);
    private final long[] statuses = new long[HIGHEST_STATUS + 1];
    private final Map<ErrorKind, ErrorCount> errors = new EnumMap<>(ErrorKind.class);
    private long[] perSecond = new long[16];
    /** How many of {@link #perSecond}'s seconds are in use. */
    private int seconds;
    long warmUp;
    long measured;
    long successes;
    /** Retries of measured requests, by {@link RetryCondition#cause}. */
    private final Map<String, Long> retried = new TreeMap<>();
    long connectionsOpened;
    long lastEndNanos = Long.MIN_VALUE;

    void answered(Exchange exchange, int status, long nowNanos, long measureStartNanos) {
        if (!ended(exchange, nowNanos, measureStartNanos)) {
            return;
        }
        statuses[Math.min(status, HIGHEST_STATUS)]++;
        if (status >= 200 && status < 300) {
            successes++;
            latencyMicros.recordValue((nowNanos - exchange.dueNanos) / 1_000);
            serviceTimeMicros.recordValue((nowNanos - exchange.sentNanos) / 1_000);
        }
    }

    void failed(Exchange exchange, ErrorKind kind, String message, long nowNanos, long measureStartNanos) {
        if (ended(exchange, nowNanos, measureStartNanos)) {
            errors.merge(kind, new ErrorCount(1, message), ErrorCount::plus);
        }
    }

    void retried(Exchange exchange, String cause) {
        if (!exchange.warmUp) {
            retried.merge(cause, 1L, Long::sum);
        }
    }

    /** Counts a request's end in its second of the measurement; false for a warm-up request, which is only counted. */
    private boolean ended(Exchange exchange, long nowNanos, long measureStartNanos) {
        if (exchange.warmUp) {
            warmUp++;
            return false;
        }
        measured++;
        lastEndNanos = Math.max(lastEndNanos, nowNanos);
        int second = (int) Math.max(0, (nowNanos - measureStartNanos) / 1_000_000_000L);
        if (second >= perSecond.length) {
            perSecond = Arrays.copyOf(perSecond, Math.max(second + 1, 2 * perSecond.length));
        }
        perSecond[second]++;
        seconds = Math.max(seconds, second + 1);
        return true;
    }

    void addTo(LaneTally total) {
        total.latencyMicros.add(latencyMicros);
        total.serviceTimeMicros.add(serviceTimeMicros);
        for (int status = 0; status <= HIGHEST_STATUS; status++) {
            total.statuses[status] += statuses[status];
        }
        errors.forEach((kind, count) -> total.errors.merge(kind, count, ErrorCount::plus));
        if (seconds > total.perSecond.length) {
            total.perSecond = Arrays.copyOf(total.perSecond, seconds);
        }
        for (int second = 0; second < seconds; second++) {
            total.perSecond[second] += perSecond[second];
        }
        total.seconds = Math.max(total.seconds, seconds);
        total.warmUp += warmUp;
        total.measured += measured;
        total.successes += successes;
        retried.forEach((cause, count) -> total.retried.merge(cause, count, Long::sum));
        total.connectionsOpened += connectionsOpened;
        total.lastEndNanos = Math.max(total.lastEndNanos, lastEndNanos);
    }

    Map<Integer, Long> statuses() {
        Map<Integer, Long> byStatus = new TreeMap<>();
        for (int status = 0; status <= HIGHEST_STATUS; status++) {
            if (statuses[status] > 0) {
                byStatus.put(status, statuses[status]);
            }
        }
        return byStatus;
    }

    Map<String, Long> retried() {
        return new TreeMap<>(retried);
    }

    Map<ErrorKind, ErrorCount> errors() {
        return new EnumMap<>(errors);
    }

    long[] completionsPerSecond() {
        return Arrays.copyOf(perSecond, seconds);
    }
}
