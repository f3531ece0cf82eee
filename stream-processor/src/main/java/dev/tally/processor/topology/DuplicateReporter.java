package dev.tally.processor.topology;

import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.processor.LogText;
import dev.tally.processor.LogThrottle;
import dev.tally.processor.ProcessorMetrics;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs the increments skipped as duplicates of an earlier one with the same
 * Idempotency-Key. A client retrying in a loop must not flood the log: at most one INFO line per
 * {@value #LOG_INTERVAL_MS} ms for the whole instance (one reporter is shared by all stream threads),
 * saying how many went unlogged and the instance's total ({@link ProcessorMetrics#duplicates()}, shown
 * as {@code duplicates} in {@code /internal/stats} and {@code GET /status}).
 */
final class DuplicateReporter {

    static final long LOG_INTERVAL_MS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(DuplicateReporter.class);

    private final ProcessorMetrics metrics;
    private final Consumer<String> info;
    private final LogThrottle throttle = new LogThrottle(LOG_INTERVAL_MS);

    DuplicateReporter(ProcessorMetrics metrics) {
        this(metrics, log::info);
    }

    /** @param info where a line goes; tests capture it */
    DuplicateReporter(ProcessorMetrics metrics, Consumer<String> info) {
        this.metrics = metrics;
        this.info = info;
    }

    /** Called for an increment that was not applied because {@code first} already was. */
    void skipped(long by, IdempotentWrite first, long nowMs) {
        metrics.countDuplicate();
        long notLogged = throttle.admit(nowMs);
        if (notLogged == LogThrottle.SUPPRESSED) {
            return;
        }
        info.accept("duplicate increment of key " + LogText.printable(first.key()) + " by " + by
                + " skipped: idempotency key " + LogText.printable(first.idempotencyKey()) + " was applied by "
                + first.topic() + "-" + first.partition() + "@" + first.offset() + " (by " + first.by() + ")"
                + (notLogged == 0 ? "" : "; " + notLogged + " further duplicates not logged since the previous line")
                + "; " + metrics.duplicates() + " duplicates skipped by this instance since it started");
    }
}
