package dev.tally.perf.load;

/**
 * Sees every HTTP answer that ends a request (after any 429 retries), warm-up ones included, e.g.
 * to parse the partition and token of a 202 or to count answers per key. Requests that got no
 * answer (timed out, connection lost) are only counted in the result's errors: they may or may not
 * have been acted on. One that never had a connection to go out on is told to {@link #notSent}.
 *
 * <p>It runs on the generator's event-loop threads, several at once: it must be thread-safe and
 * quick, since the connection it answers for waits for it.
 */
@FunctionalInterface
public interface ResponseListener {

    void onResponse(LoadResponse response);

    /** The request with this index ended without being sent: no connection could be opened for it. */
    default void notSent(long index) {
    }
}
