package dev.tally.perf.load;

/**
 * When a lane issues its requests: the closed loop's "next as soon as one ends", or the open loop's
 * schedule. Only the lane's event loop calls it.
 */
interface Pacing {

    /** Issues the lane's first requests (or schedules them). */
    void start(Lane lane);

    /** A request of the lane ended, with an answer or an error. */
    void ended(Lane lane, Exchange exchange);

    /** Whether it will issue no more requests. */
    boolean finished();
}
