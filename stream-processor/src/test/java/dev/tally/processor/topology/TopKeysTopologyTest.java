package dev.tally.processor.topology;

import static dev.tally.processor.topology.TopologyFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.processor.history.TopKeyPeriods;
import dev.tally.processor.history.TopKeysTracker;
import dev.tally.processor.history.WindowSize;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The applier counts every increment into the top keys, a hot key's merged sums by the increments they hold. */
class TopKeysTopologyTest extends OnTopologyWithFlushes {

    @Test
    void theBusiestKeysIncludeHotKeysSummedOnTheExcessTopic() {
        for (int i = 0; i < 3; i++) {
            fixture.increments.pipeInput("a", "10");
        }
        fixture.increments.pipeInput("b", "1000");
        for (int i = 0; i < 5; i++) {
            fixture.excess.pipeInput("hot#" + i, "1");
        }
        fixture.increments.pipeInput("c", "x");
        fixture.advanceWallClock(100);
        assertThat(fixture.topKeySnapshots()).isEmpty();

        fixture.advanceWallClock(TopKeysTracker.SNAPSHOT_INTERVAL_MS);

        long now = START.toEpochMilli() + 1_100;
        TopKeyPeriods.Period recent = new TopKeyPeriods(List.<WindowSize>of()).named(null).orElseThrow();
        assertThat(TopKeyPeriods.top(List.copyOf(fixture.topKeySnapshots().entrySet()), recent, now, 10))
                .containsExactly(Map.entry("hot", 5L), Map.entry("a", 3L), Map.entry("b", 1L));
    }
}
