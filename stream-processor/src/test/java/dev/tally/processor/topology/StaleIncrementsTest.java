package dev.tally.processor.topology;

import static dev.tally.processor.topology.TopologyFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Late increments are counted as stale and applied all the same; the driver's wall clock is START. */
class StaleIncrementsTest {

    @TempDir
    Path stateDir;

    private TopologyFixture fixture;

    @BeforeEach
    void startDriver() {
        fixture = new TopologyFixture(stateDir, Map.of("STALE_THRESHOLD_SEC", "10"));
    }

    @AfterEach
    void closeDriver() {
        fixture.close();
    }

    @Test
    void anIncrementOlderThanTheThresholdIsAppliedAndCountedStale() {
        fixture.increments.pipeInput("late", "5", START.minusMillis(12_300));

        assertThat(fixture.counts()).containsExactlyEntriesOf(Map.of("late", 5L));
        assertThat(fixture.metrics.applied()).isEqualTo(1);
        assertThat(fixture.metrics.stale()).isEqualTo(1);
    }

    @Test
    void freshIncrementsAndOnesExactlyAtTheThresholdAreNotStale() {
        fixture.increments.pipeInput("fresh", "1");
        fixture.increments.pipeInput("fresh", "1", START.minusSeconds(1));
        fixture.increments.pipeInput("fresh", "1", START.minusSeconds(10));

        assertThat(fixture.counts()).containsExactlyEntriesOf(Map.of("fresh", 3L));
        assertThat(fixture.metrics.stale()).isZero();

        fixture.increments.pipeInput("fresh", "1", START.minusMillis(10_001));
        assertThat(fixture.metrics.stale()).isEqualTo(1);
    }

    @Test
    void aMergedSumIsStaleByItsOldestIncrement() {
        fixture.excess.pipeInput("hot#0", "1", START.minusSeconds(20));
        fixture.excess.pipeInput("hot#0", "1");
        fixture.advanceWallClock(100);

        assertThat(fixture.counts()).containsExactlyEntriesOf(Map.of("hot", 2L));
        assertThat(fixture.metrics.stale()).isEqualTo(1);
    }

    @Test
    void aDeadLetteredIncrementIsNotCountedStale() {
        fixture.increments.pipeInput("late", "zero", START.minusSeconds(60));

        assertThat(fixture.metrics.stale()).isZero();
        assertThat(fixture.metrics.deadLetters()).isEqualTo(1);
    }
}
