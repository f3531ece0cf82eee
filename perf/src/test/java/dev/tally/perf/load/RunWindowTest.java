package dev.tally.perf.load;

import static dev.tally.perf.load.RunWindow.Admission.CLOSED;
import static dev.tally.perf.load.RunWindow.Admission.MEASURED;
import static dev.tally.perf.load.RunWindow.Admission.WARM_UP;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which requests are warm-up, measured, or past the end, on made-up clocks. */
class RunWindowTest {

    private static final long START = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void aCountedWarmUpAndRunTakeThatManyRequestsEach() {
        AtomicInteger starts = new AtomicInteger();
        RunWindow window = RunWindow.closedLoop(Bound.requests(2), Bound.requests(3), START, () -> starts.incrementAndGet());

        assertThat(window.admit(0, START)).isEqualTo(WARM_UP);
        assertThat(window.admit(1, START)).isEqualTo(WARM_UP);
        assertThat(window.admit(2, START + 5 * MS)).isEqualTo(MEASURED);
        assertThat(window.measureStartNanos()).isEqualTo(START + 5 * MS);
        assertThat(starts).hasValue(1);
        assertThat(window.admit(3, START + 6 * MS)).isEqualTo(MEASURED);
        assertThat(window.admit(4, START + 6 * MS)).isEqualTo(MEASURED);
        assertThat(window.admit(5, START + 7 * MS)).isEqualTo(CLOSED);
        assertThat(starts).as("the measurement starts once").hasValue(1);
    }

    @Test
    void aTimedRunLastsItsDurationFromTheFirstMeasuredRequest() {
        RunWindow window = RunWindow.closedLoop(Bound.duration(Duration.ofMillis(10)), Bound.duration(Duration.ofMillis(20)), START,
                () -> { });

        assertThat(window.admit(0, START + 9 * MS)).isEqualTo(WARM_UP);
        assertThat(window.admit(1, START + 12 * MS)).isEqualTo(MEASURED);
        assertThat(window.admit(2, START + 31 * MS)).isEqualTo(MEASURED);
        assertThat(window.admit(3, START + 32 * MS)).isEqualTo(CLOSED);
    }

    @Test
    void anOpenLoopsMeasurementStartsWhenItsFirstMeasuredRequestIsDue() {
        RateSchedule everyFourMillis = new RateSchedule(250);

        assertThat(RunWindow.openLoop(Bound.requests(10), Bound.requests(1), START, everyFourMillis, () -> { }).measureStartNanos())
                .isEqualTo(START + 40 * MS);
        assertThat(RunWindow.openLoop(Bound.duration(Duration.ofMillis(10)), Bound.requests(1), START, everyFourMillis, () -> { })
                .measureStartNanos()).isEqualTo(START + 12 * MS);
        assertThat(RunWindow.openLoop(Bound.NONE, Bound.requests(1), START, everyFourMillis, () -> { }).measureStartNanos())
                .isEqualTo(START);
    }

    @Test
    void anOpenLoopsCountedRunIsTheIndicesAfterItsWarmUpWhoeverAsksFirst() {
        RunWindow window = RunWindow.openLoop(Bound.requests(2), Bound.requests(3), START, new RateSchedule(1_000), () -> { });

        assertThat(window.admit(5, START + 5 * MS)).isEqualTo(CLOSED);
        assertThat(window.admit(1, START + MS)).isEqualTo(WARM_UP);
        assertThat(window.admit(4, START + 4 * MS)).isEqualTo(MEASURED);
        assertThat(window.admit(2, START + 2 * MS)).isEqualTo(MEASURED);
        assertThat(window.admit(3, START + 3 * MS)).isEqualTo(MEASURED);
    }

    @Test
    void aScheduleIsDueEveryOneOverItsRate() {
        RateSchedule schedule = new RateSchedule(3);

        assertThat(schedule.offsetNanos(0)).isZero();
        assertThat(schedule.offsetNanos(3)).isEqualTo(1_000_000_000L);
        assertThat(schedule.firstDueAtOrAfter(1_000_000_000L)).isEqualTo(3);
        assertThat(schedule.firstDueAtOrAfter(1_000_000_001L)).isEqualTo(4);
        assertThat(schedule.firstDueAtOrAfter(0)).isZero();
    }
}
