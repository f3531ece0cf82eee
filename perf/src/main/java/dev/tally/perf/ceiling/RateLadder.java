package dev.tally.perf.ceiling;

/**
 * The offered rates of a latency-throughput curve: from {@code first}, doubling, as long as the
 * service keeps up. A rate ends the curve when the service fell behind it (achieved less than
 * {@code minAchievedShare} of it), or its p99 went past {@code p99LimitMs} (queueing: latency
 * explodes once the offered rate is past the knee), or it is the last rate below {@code maxRate}.
 * The rate that ended it is still a point of the curve: it shows what past the knee looks like.
 */
public final class RateLadder {

    private final double first;
    private final double maxRate;
    private final int maxPoints;
    private final double minAchievedShare;
    private final double p99LimitMs;
    private double next;
    private int points;
    private boolean over;

    /**
     * @param maxPoints at most this many rates, however well the service keeps up (--quick: 2)
     */
    public RateLadder(double first, double maxRate, int maxPoints, double minAchievedShare, double p99LimitMs) {
        if (!(first > 0) || maxRate < first || maxPoints < 1) {
            throw new IllegalArgumentException("a ladder of rates starts above 0, at most at its maximum, with a point at least");
        }
        this.first = first;
        this.next = first;
        this.maxRate = maxRate;
        this.maxPoints = maxPoints;
        this.minAchievedShare = minAchievedShare;
        this.p99LimitMs = p99LimitMs;
    }

    public boolean hasNext() {
        return !over && points < maxPoints && next <= maxRate;
    }

    public double next() {
        if (!hasNext()) {
            throw new IllegalStateException("the curve is over");
        }
        return next;
    }

    /** What the rate {@link #next} named achieved; decides whether there is another. */
    public void measured(double achievedPerSecond, double p99Ms) {
        double offered = next();
        points++;
        over = achievedPerSecond < minAchievedShare * offered || p99Ms > p99LimitMs;
        next = offered * 2;
    }

    /** Why the curve ended, once it has: for the report. */
    public String why() {
        if (over) {
            return "the service fell behind the offered rate, or its p99 passed " + p99LimitMs + " ms";
        }
        return points >= maxPoints ? points + " rates, the most asked for" : "the next rate would pass " + maxRate + "/s";
    }

    public double first() {
        return first;
    }
}
