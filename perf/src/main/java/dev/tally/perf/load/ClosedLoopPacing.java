package dev.tally.perf.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed loop: each of the lane's slots (one per connection) has one request outstanding, and
 * issues its next as soon as it ends, so the concurrency is constant and the service sets the pace.
 */
final class ClosedLoopPacing implements Pacing {

    /**
     * After a failed connect, the wait before that slot tries again: against a target that is down,
     * a closed loop would otherwise spin through connects as fast as the CPU allows.
     */
    static final long RECONNECT_DELAY_MILLIS = 10;

    private final int slots;
    /** Shared by the lanes, so that request indices are unique and dense across the run. */
    private final AtomicLong nextIndex;
    private final RunWindow window;
    private int closedSlots;

    ClosedLoopPacing(int slots, AtomicLong nextIndex, RunWindow window) {
        this.slots = slots;
        this.nextIndex = nextIndex;
        this.window = window;
    }

    @Override
    public void start(Lane lane) {
        for (int slot = 0; slot < slots; slot++) {
            issueNext(lane);
        }
    }

    @Override
    public void ended(Lane lane, Exchange exchange) {
        if (exchange.failure != null && exchange.failure.connecting()) {
            lane.schedule(() -> issueNext(lane), RECONNECT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            issueNext(lane);
        }
    }

    @Override
    public boolean finished() {
        return closedSlots == slots;
    }

    private void issueNext(Lane lane) {
        long index = nextIndex.getAndIncrement();
        long now = System.nanoTime();
        RunWindow.Admission admission = window.admit(index, now);
        if (admission == RunWindow.Admission.CLOSED) {
            closedSlots++;
            lane.endIfIdle();
        } else {
            lane.issue(index, admission == RunWindow.Admission.WARM_UP, now);
        }
    }
}
