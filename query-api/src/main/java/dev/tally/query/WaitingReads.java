package dev.tally.query;

import dev.tally.server.http.ApiException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds the reads that wait for a write ({@code ?after=TOKEN}): each may hold a request thread for the
 * whole READ_DEADLINE_MS, and the API's threads also answer the writes, so a few hundred of them would
 * stall increments. Beyond MAX_WAITING_READS at once a read is refused at once with 503 and Retry-After.
 */
final class WaitingReads {

    private final Semaphore permits;
    private final int limit;

    WaitingReads(int limit) {
        this.limit = limit;
        this.permits = new Semaphore(limit);
    }

    /** @throws ApiException 503 {@code too_many_waiting_reads} when {@code limit} such reads are already waiting */
    <T> T run(Supplier<T> read) {
        if (!permits.tryAcquire()) {
            throw ApiException.unavailable("too_many_waiting_reads", limit + " reads are already waiting for their writes"
                    + " (MAX_WAITING_READS); retry shortly").withRetryAfter(1).withDetail("limit", limit);
        }
        try {
            return read.get();
        } finally {
            permits.release();
        }
    }
}
