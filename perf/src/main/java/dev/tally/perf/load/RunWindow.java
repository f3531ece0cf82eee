package dev.tally.perf.load;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, for each request about to be issued, whether it is warm-up, measured, or past the end
 * of the run. Lanes ask concurrently, each in its own issue order.
 *
 * <p>The measurement starts with the first measured request: in a closed loop, when it is issued;
 * in an open loop, when it is due, which the schedule tells in advance. A timed run lasts its
 * duration from there, a counted one takes that many requests: in an open loop, the ones with the
 * next indices (whichever lane gets to them first), so that the run is exactly its schedule.
 */
final class RunWindow {

    enum Admission { WARM_UP, MEASURED, CLOSED }

    private static final long NOT_YET = Long.MIN_VALUE;

    private final Bound warmUp;
    private final Bound measured;
    private final long startNanos;
    /** An open loop's first measured index; {@link #NOT_YET} in a closed loop, which counts its admissions instead. */
    private final long firstMeasuredIndex;
    private final AtomicLong measuredAdmitted = new AtomicLong();
    private final AtomicLong measureStartNanos;
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final Runnable onMeasurementStart;

    private RunWindow(Bound warmUp, Bound measured, long startNanos, long firstMeasuredIndex, long measureStartNanos,
                      Runnable onMeasurementStart) {
        this.warmUp = warmUp;
        this.measured = measured;
        this.startNanos = startNanos;
        this.firstMeasuredIndex = firstMeasuredIndex;
        this.measureStartNanos = new AtomicLong(measureStartNanos);
        this.onMeasurementStart = onMeasurementStart;
    }

    /**
     * The measurement starts when its first request is issued.
     *
     * @param onMeasurementStart runs once, when the first measured request is admitted, on the thread that asked
     */
    static RunWindow closedLoop(Bound warmUp, Bound measured, long startNanos, Runnable onMeasurementStart) {
        return new RunWindow(warmUp, measured, startNanos, NOT_YET, NOT_YET, onMeasurementStart);
    }

    /** The measurement starts when its first request is due: the first after a counted warm-up, or the first due after a timed one. */
    static RunWindow openLoop(Bound warmUp, Bound measured, long startNanos, RateSchedule schedule,
                              Runnable onMeasurementStart) {
        long first = warmUp.byCount() ? warmUp.requests() : schedule.firstDueAtOrAfter(warmUp.duration().toNanos());
        return new RunWindow(warmUp, measured, startNanos, first, startNanos + schedule.offsetNanos(first),
                onMeasurementStart);
    }

    long startNanos() {
        return startNanos;
    }

    /** When the first measured request was issued or due; the start of the run while there was none. */
    long measureStartNanos() {
        long first = measureStartNanos.get();
        return first == NOT_YET ? startNanos : first;
    }

    /**
     * @param index      the request's index in the run
     * @param issueNanos when it is issued (open loop: when it is due)
     */
    Admission admit(long index, long issueNanos) {
        boolean inWarmUp = warmUp.byCount()
                ? index < warmUp.requests()
                : issueNanos - startNanos < warmUp.duration().toNanos();
        if (inWarmUp) {
            return Admission.WARM_UP;
        }
        if (measureStartNanos.get() == NOT_YET) {
            measureStartNanos.compareAndSet(NOT_YET, issueNanos); // a closed loop's first; lanes may race for it
        }
        boolean inRun;
        if (!measured.byCount()) {
            inRun = issueNanos - measureStartNanos.get() < measured.duration().toNanos();
        } else if (firstMeasuredIndex != NOT_YET) {
            inRun = index - firstMeasuredIndex < measured.requests();
        } else {
            inRun = measuredAdmitted.getAndIncrement() < measured.requests();
        }
        if (!inRun) {
            return Admission.CLOSED;
        }
        if (!measuring.get() && measuring.compareAndSet(false, true)) {
            onMeasurementStart.run();
        }
        return Admission.MEASURED;
    }
}
