package dev.tally.perf;

import java.time.Duration;
import java.util.Optional;

/**
 * How a client that must not lose an increment retries it: the same Idempotency-Key each time, up
 * to {@code maxAttempts} sends, waiting {@code firstBackoff} doubled per failed attempt up to
 * {@code maxBackoff}; a 429's or 503's Retry-After is honoured instead when the server gives one.
 *
 * @param requestTimeout bound on one round trip; longer than the API's own PRODUCE_TIMEOUT_MS (15 s)
 *                       so that the API's 503 normally arrives before the client gives up
 */
record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration requestTimeout) {

    static final RetryPolicy DEFAULT = new RetryPolicy(30, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(20));

    RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("--max-attempts must be at least 1");
        }
    }

    /** The pause after the {@code failed}-th failed attempt (from 1). */
    Duration backoff(int failed, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return retryAfter.get();
        }
        long millis = firstBackoff.toMillis() << Math.min(failed - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /**
     * Whether an answer is worth sending again. 5xx, no answer and 429 are: the increment may be
     * taken next time. Another 4xx is not: the request itself is wrong and will be refused again.
     */
    static boolean retryable(int status) {
        return status < 0 || status == 429 || status >= 500;
    }
}
