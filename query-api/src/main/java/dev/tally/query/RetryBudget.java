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

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(400);

    private final TimeSource time;
    private final Duration total;
    private final long deadlineNanos;
    private Duration backoff = FIRST_BACKOFF;
    /** The latest outcome per copy; insertion order is the order they were first asked. */
    private final Map<String, String> outcomes = new LinkedHashMap<>();

    RetryBudget(TimeSource time, Duration total) {
        this.time = time;
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
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        return true;
    }

    void record(String who, String outcome) {
        outcomes.put(who, outcome);
    }

    /** E.g. {@code within 3000 ms: 127.0.0.1:8101 (active): unreachable (connection refused); …}. */
    String summary() {
        String said = outcomes.isEmpty() ? "no copy to ask"
                : outcomes.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
        return "within " + total.toMillis() + " ms: " + said;
    }
}
