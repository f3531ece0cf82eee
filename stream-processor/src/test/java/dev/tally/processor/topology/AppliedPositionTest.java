package dev.tally.processor.topology;

import static dev.tally.processor.topology.TopologyFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.IncrementHeaders;
import dev.tally.domain.WriteToken;
import dev.tally.domain.wire.AppliedPosition;
import dev.tally.processor.store.CounterState;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes: the applier stores each counter with how far it has got in the increments
 * topic and in each excess partition, so a write's token can be checked against any copy.
 */
class AppliedPositionTest extends OnTopologyWithFlushes {

    @Test
    void eachCounterRemembersTheOffsetOfItsLastIncrement() {
        fixture.increments.pipeInput("a", "1"); // offset 0
        fixture.increments.pipeInput("b", "1"); // 1
        fixture.increments.pipeInput("a", "2"); // 2

        assertThat(fixture.states().get("a").applied()).isEqualTo(new AppliedPosition(2, Map.of()));
        assertThat(fixture.states().get("b").applied()).isEqualTo(new AppliedPosition(1, Map.of()));
        assertThat(WriteToken.of("a", false, 0, 2).isCoveredBy(fixture.states().get("a").applied())).isTrue();
        assertThat(WriteToken.of("b", false, 0, 2).isCoveredBy(fixture.states().get("b").applied())).isFalse();
    }

    @Test
    void aHotKeysTokenIsCoveredOnlyOnceItsSumIsMerged() {
        fixture.excess.pipeInput("hot#0", "1"); // excess offset 0
        fixture.excess.pipeInput("hot#3", "1"); // 1
        WriteToken second = WriteToken.of("hot", true, 0, 1);

        assertThat(fixture.states()).doesNotContainKey("hot");
        fixture.advanceWallClock(100);

        CounterState hot = fixture.states().get("hot");
        assertThat(hot.count()).isEqualTo(2);
        assertThat(second.isCoveredBy(hot.applied())).isTrue();
        assertThat(WriteToken.of("hot", true, 0, 2).isCoveredBy(hot.applied())).isFalse();
    }

    @Test
    void aSkippedRetryAndAnOverflowStillMoveThePosition() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(IncrementHeaders.IDEMPOTENCY_KEY, "once".getBytes(StandardCharsets.UTF_8));
        fixture.increments.pipeInput(new TestRecord<>("a", "1", headers, START));                  // 0: applied
        fixture.increments.pipeInput(new TestRecord<>("a", "1", headers, START));                  // 1: a retry, skipped
        fixture.increments.pipeInput("a", Long.toString(Long.MAX_VALUE));                          // 2: overflows

        CounterState a = fixture.states().get("a");
        assertThat(a.count()).isEqualTo(1);
        assertThat(a.applied().main()).isEqualTo(2);
    }
}
