package dev.tally.processor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one log line per interval for events that can come in floods (a backlog of stale
 * increments, a client retrying in a loop). Thread-safe: one throttle is shared by the processors of
 * every stream thread of the instance, so the limit holds per instance.
 */
public final class LogThrottle {

    /** Returned by {@link #admit} when this event must not be logged. */
    public static final long SUPPRESSED = -1;

    private final long intervalMs;
    private final AtomicLong nextLineAtMs = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong unlogged = new AtomicLong();

    public LogThrottle(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /**
     * @param nowMs the caller's wall clock, which paces the lines
     * @return {@link #SUPPRESSED} if this event is not to be logged (it is counted for the next line),
     *         otherwise how many events were suppressed since the previous line
     */
    public long admit(long nowMs) {
        long next = nextLineAtMs.get();
        // Only the thread that wins the slot logs; the others are summed into the next line.
        if (nowMs < next || !nextLineAtMs.compareAndSet(next, nowMs + intervalMs)) {
            unlogged.incrementAndGet();
            return SUPPRESSED;
        }
        return unlogged.getAndSet(0);
    }
}
