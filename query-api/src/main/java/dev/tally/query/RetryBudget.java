package dev.tally.query;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The time one read may spend trying copies, the pause between rounds, and what every copy said, so
 * the final 503 can tell an operator exactly which instances failed and how.
 */
final class RetryBudget {

    private final TimeSource time;
    private final Duration total;
    private final long deadlineNanos;
    private final Duration maxBackoff;
    private Duration backoff;
    private boolean anyAnswered;
    /** The latest outcome per copy; insertion order is the order they were first asked. */
    private final Map<String, String> outcomes = new LinkedHashMap<>();

    RetryBudget(TimeSource time, Duration total, Duration firstBackoff, Duration maxBackoff) {
        this.time = time;
        this.backoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.total = total;
        this.deadlineNanos = time.nanoTime() + total.toNanos();
    }

    boolean timeLeft() {
        return deadlineNanos - time.nanoTime() > 0;
    }

    /**
     * Waits before the next round, doubling the pause each time.
     *
     * @return false, without waiting, when the pause would end after the deadline
     */
    boolean backOff() {
        long left = deadlineNanos - time.nanoTime();
        if (left <= backoff.toNanos() || Thread.currentThread().isInterrupted()) {
            return false;
        }
        try {
            time.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        return true;
    }

    void record(String who, String outcome) {
        outcomes.put(who, outcome);
    }

    /** A copy answered, though not as the read needed. */
    void recordAnswer(String who, String why) {
        anyAnswered = true;
        record(who, why);
    }

    boolean anyAnswered() {
        return anyAnswered;
    }

    /** E.g. {@code within 3000 ms: 127.0.0.1:8101 (active): unreachable (connection refused); …}. */
    String summary() {
        String said = outcomes.isEmpty() ? "no copy to ask"
                : outcomes.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
        return "within " + total.toMillis() + " ms: " + said;
    }
}
