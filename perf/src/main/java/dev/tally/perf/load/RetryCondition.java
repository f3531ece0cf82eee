package dev.tally.perf.load;

/**
 * Which endings of a request the generator sends again, as the same request (same headers, so the
 * same Idempotency-Key), instead of ending it: e.g. 429s only, or, for a client that must not lose
 * a write, anything that may not have been written (5xx, no answer).
 */
@FunctionalInterface
public interface RetryCondition {

    /** Nothing is retried. */
    RetryCondition NEVER = (status, error) -> false;

    /** Only a 429: the queue was full, nothing was written. */
    RetryCondition TOO_MANY_REQUESTS = (status, error) -> status == 429;

    /** 429, 5xx or no answer: whatever did not say the request itself is wrong (a 4xx other than 429). */
    RetryCondition UNLESS_REFUSED = (status, error) -> error != null || status == 429 || status >= 500;

    /**
     * @param status the answer's HTTP status; 0 when there was none
     * @param error  why there was no answer; null when there was one
     */
    boolean retry(int status, ErrorKind error);

    /** The cause a retry is counted under in {@link RunResult#retried()}: {@code "HTTP 503"}, {@code "REQUEST_TIMEOUT"}. */
    static String cause(int status, ErrorKind error) {
        return error != null ? error.name() : "HTTP " + status;
    }
}
