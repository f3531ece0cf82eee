package dev.tally.perf.load;

import java.time.Duration;

/**
 * How much of a run (or of its warm-up) there is: a number of requests, or a time. A timed bound
 * counts the requests issued within it (for an open loop, those due within it), each followed to
 * its answer.
 *
 * @param requests how many requests, when bounded by count
 * @param duration how long, when bounded by time (then {@code requests} is 0)
 */
public record Bound(long requests, Duration duration) {

    /** No warm-up. */
    public static final Bound NONE = new Bound(0, null);

    public Bound {
        if (requests < 0 || duration != null && (requests != 0 || duration.isNegative())) {
            throw new IllegalArgumentException("a bound is a count >= 0 or a duration >= 0");
        }
    }

    public static Bound requests(long requests) {
        return new Bound(requests, null);
    }

    public static Bound duration(Duration duration) {
        return new Bound(0, duration);
    }

    boolean byCount() {
        return duration == null;
    }
}
