package dev.tally.processor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.wire.AppliedPosition;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class CounterStateTest {

    private final Serde<CounterState> serde = CounterState.serde();

    @Test
    void theChangelogValueIsReadableTextThatRoundTrips() {
        CounterState state = new CounterState(-12, new AppliedPosition(1042, Map.of(5, 7L, 0, 99L)));
        byte[] bytes = serde.serializer().serialize("t", state);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("-12|1042|0:99,5:7");
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(state);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", CounterState.ZERO)))
                .isEqualTo(CounterState.ZERO);
    }

    @Test
    void aCountStoredBeforePositionsWereKeptStillReads() {
        byte[] legacy = Serdes.Long().serializer().serialize("t", 123_456L);

        assertThat(serde.deserializer().deserialize("t", legacy)).isEqualTo(new CounterState(123_456L, AppliedPosition.NONE));
    }

    @Test
    void positionsOnlyMoveForward() {
        CounterState state = CounterState.ZERO.withCount(5, 10).withExcess(2, 30);

        assertThat(state.withCount(6, 9).applied().main()).isEqualTo(10);
        assertThat(state.withExcess(2, 29).applied().excessOffset(2)).isEqualTo(30);
        assertThat(state.withExcess(3, 1).applied().excess()).containsExactlyInAnyOrderEntriesOf(Map.of(2, 30L, 3, 1L));
    }

    @Test
    void aResetCounterKeepsItsCutsInAFourthPartAndTheyOnlyMoveForward() {
        CounterState reset = new CounterState(9, new AppliedPosition(3, Map.of(0, 4L))).reset(7, Map.of(0, 6L, 2, 1L));
        byte[] bytes = serde.serializer().serialize("t", reset);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("0|7|0:4|0:6,2:1");
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(reset);
        CounterState again = reset.reset(8, Map.of(0, 5L, 2, 9L));
        assertThat(again.resetCuts()).containsExactlyInAnyOrderEntriesOf(Map.of(0, 6L, 2, 9L));
        assertThat(again.clearedByReset(0, 5)).isTrue();
        assertThat(again.clearedByReset(0, 6)).isFalse();
        assertThat(again.clearedByReset(1, 0)).isFalse();
    }

    @Test
    void somethingElseInTheStoreIsAnError() {
        assertThatThrownBy(() -> CounterState.decode("5|1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CounterState.decode("5|1|2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
