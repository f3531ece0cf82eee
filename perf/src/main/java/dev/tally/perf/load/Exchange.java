package dev.tally.perf.load;

/**
 * One request from when it is issued to when it ends (with an answer or an error), over every
 * attempt a retry makes. Only its lane's event loop touches it.
 */
final class Exchange {

    final long index;
    final LoadRequest request;
    final boolean warmUp;
    /** Where its latency counts from: its due time in an open loop, its issue time in a closed one. */
    final long dueNanos;
    /** When its current attempt was written. */
    long sentNanos;
    int attempts;
    /** Times it was sent again after an ending its {@link RetryCondition} accepted. */
    int retries;
    /** Why it got no answer, once it did not. */
    ErrorKind failure;

    Exchange(long index, LoadRequest request, boolean warmUp, long dueNanos) {
        this.index = index;
        this.request = request;
        this.warmUp = warmUp;
        this.dueNanos = dueNanos;
    }

    void sending(long nowNanos) {
        sentNanos = nowNanos;
        attempts++;
    }
}
