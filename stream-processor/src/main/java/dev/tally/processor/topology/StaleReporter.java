package dev.tally.processor.topology;

import dev.tally.processor.LogText;
import dev.tally.processor.LogThrottle;
import dev.tally.processor.ProcessorMetrics;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports increments applied long after they were accepted, and never drops them: unlike a queue
 * that discards jobs older than STALE_THRESHOLD_SEC, tally counts every increment, however late;
 * lateness is only made visible (the {@code stale} counter and a WARN line containing STALE).
 *
 * <p>A backlog makes every increment late at once, so the log is rate-limited to one line per
 * {@value #LOG_INTERVAL_MS} ms for the whole instance (one reporter is shared by all stream
 * threads); each line says how many stale increments went unlogged since the previous one, and
 * {@code /internal/stats} has the exact total.
 */
final class StaleReporter {

    static final long LOG_INTERVAL_MS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(StaleReporter.class);

    private final int thresholdSec;
    private final long thresholdMs;
    private final ProcessorMetrics metrics;
    private final Consumer<String> warn;
    private final LogThrottle throttle = new LogThrottle(LOG_INTERVAL_MS);

    StaleReporter(int thresholdSec, ProcessorMetrics metrics) {
        this(thresholdSec, metrics, log::warn);
    }

    /** @param warn where a STALE line goes; tests capture it */
    StaleReporter(int thresholdSec, ProcessorMetrics metrics, Consumer<String> warn) {
        this.thresholdSec = thresholdSec;
        this.thresholdMs = thresholdSec * 1_000L;
        this.metrics = metrics;
        this.warn = warn;
    }

    /**
     * Called after an increment was applied.
     *
     * @param waitMs how long after its record timestamp (acceptance) it was applied
     * @param nowMs  the stream thread's wall clock, which paces the log lines
     */
    void applied(String key, long waitMs, long nowMs) {
        if (waitMs <= thresholdMs) {
            return;
        }
        metrics.countStale();
        long notLogged = throttle.admit(nowMs);
        if (notLogged != LogThrottle.SUPPRESSED) {
            warn.accept(line(key, waitMs, notLogged));
        }
    }

    private String line(String key, long waitMs, long notLogged) {
        String line = String.format(Locale.ROOT,
                "STALE increment of key %s applied %.1f s after it was accepted (STALE_THRESHOLD_SEC=%d); "
                        + "applied anyway, tally never drops increments",
                // Rounded up, so a wait just over the threshold never reads as equal to it.
                LogText.printable(key), Math.ceil(waitMs / 100.0) / 10, thresholdSec);
        if (notLogged == 0) {
            return line;
        }
        return line + "; " + notLogged + " further stale increment" + (notLogged == 1 ? " was" : "s were")
                + " not logged since the previous STALE line (see /internal/stats)";
    }
}
