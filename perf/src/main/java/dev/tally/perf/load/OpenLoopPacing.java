package dev.tally.perf.load;

import java.util.concurrent.TimeUnit;

/**
 * An open loop: the n-th request of the run is due at {@code start + n / rate}, whatever became of
 * the earlier ones, and is issued at its due time; its latency counts from then. A lane takes every
 * {@code lanes}-th index, so the lanes share the schedule without sharing state.
 *
 * <p>There is no timer per request: a tick sends every request due by then in one burst and sleeps
 * until the next is due, but at least {@link #TICK_NANOS}, so at high rates requests go out in
 * bursts of up to a millisecond's worth. Their latency still counts from the due time, so the
 * generator's own lateness is in the latencies, not hidden.
 */
final class OpenLoopPacing implements Pacing {

    /** One wake-up per millisecond at most: 20,000 requests/s cost 1,000 wake-ups/s per lane, not 20,000. */
    static final long TICK_NANOS = 1_000_000;

    private final RateSchedule schedule;
    private final int lanes;
    private final RunWindow window;
    private long nextIndex;
    private boolean finished;

    /**
     * @param schedule the whole run's, over all lanes
     * @param lane     this lane's number, 0 to {@code lanes - 1}: its first index
     */
    OpenLoopPacing(RateSchedule schedule, int lane, int lanes, RunWindow window) {
        this.schedule = schedule;
        this.lanes = lanes;
        this.window = window;
        this.nextIndex = lane;
    }

    @Override
    public void start(Lane lane) {
        tick(lane);
    }

    @Override
    public void ended(Lane lane, Exchange exchange) {
        // The schedule does not wait for answers.
    }

    @Override
    public boolean finished() {
        return finished;
    }

    private long dueNanos(long index) {
        return window.startNanos() + schedule.offsetNanos(index);
    }

    private void tick(Lane lane) {
        long now = System.nanoTime();
        for (long due = dueNanos(nextIndex); due <= now; due = dueNanos(nextIndex)) {
            RunWindow.Admission admission = window.admit(nextIndex, due);
            if (admission == RunWindow.Admission.CLOSED) {
                finished = true;
                lane.endIfIdle();
                return;
            }
            lane.issue(nextIndex, admission == RunWindow.Admission.WARM_UP, due);
            nextIndex += lanes;
        }
        long sleep = Math.max(TICK_NANOS, dueNanos(nextIndex) - now);
        lane.schedule(() -> tick(lane), sleep, TimeUnit.NANOSECONDS);
    }
}
