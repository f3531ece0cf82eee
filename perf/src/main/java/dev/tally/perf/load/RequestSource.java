package dev.tally.perf.load;

/**
 * What the generator sends, given the index of the request in the run (0, 1, 2, ... in the order
 * requests are issued, warm-up included), e.g. a random key, a fixed key, or key {@code index % keys}.
 *
 * <p>It is called on the generator's event-loop threads, several at once: it must be thread-safe and
 * quick, since any time it takes delays the requests behind it. A request retried after a 429 is
 * the same request; the source is not asked again.
 */
@FunctionalInterface
public interface RequestSource {

    LoadRequest request(long index);

    /** The same request every time. */
    static RequestSource always(LoadRequest request) {
        return index -> request;
    }
}
