package dev.tally.perf.load;

/** The line a long run prints every {@link #INTERVAL_NANOS}: how far it is, and the rate since the last line. */
final class ProgressLine {

    /** Often enough to see a run is alive, seldom enough not to flood a log. */
    static final long INTERVAL_NANOS = 2_000_000_000L;

    private final LoadGenerator plan;
    private final long startNanos;
    private long lastEnded;
    private long lastNanos;

    ProgressLine(LoadGenerator plan, long startNanos) {
        this.plan = plan;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /** E.g. {@code load: 10234/75000 requests, 4 s, 5003/s now}, or {@code ..., 4 s of 17 s, ...} for a timed run. */
    void print(long ended, long nowNanos) {
        if (plan.progress == null) {
            return;
        }
        double rate = (ended - lastEnded) * 1e9 / Math.max(1, nowNanos - lastNanos);
        lastEnded = ended;
        lastNanos = nowNanos;
        plan.progress.printf("%s: %d%s requests, %.0f s%s, %.0f/s now%n", plan.name, ended, ofRequests(),
                (nowNanos - startNanos) / 1e9, ofSeconds(), rate);
    }

    /** "/75000" when the whole run is counted (no warm-up counts as none). */
    private String ofRequests() {
        return plan.warmUp.byCount() && plan.bound.byCount() ? "/" + (plan.warmUp.requests() + plan.bound.requests()) : "";
    }

    /** " of 17 s" when the whole run is timed (no warm-up takes no time). */
    private String ofSeconds() {
        if (plan.bound.byCount() || plan.warmUp.byCount() && plan.warmUp.requests() > 0) {
            return "";
        }
        long warmUpMillis = plan.warmUp.byCount() ? 0 : plan.warmUp.duration().toMillis();
        return String.format(" of %.0f s", (warmUpMillis + plan.bound.duration().toMillis()) / 1e3);
    }

    void summary(RunResult result) {
        if (plan.progress != null) {
            plan.progress.println(result.summary());
        }
    }
}
