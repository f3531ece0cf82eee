package dev.tally.perf.load;

/**
 * Sees every HTTP answer that ends a request (after any 429 retries), warm-up ones included, e.g.
 * to parse the partition and token of a 202 or to count answers per key. Requests that got no
 * answer (refused, timed out, connection lost) are only counted in the result's errors.
 *
 * <p>It runs on the generator's event-loop threads, several at once: it must be thread-safe and
 * quick, since the connection it answers for waits for it.
 */
@FunctionalInterface
public interface ResponseListener {

    void onResponse(LoadResponse response);
}
