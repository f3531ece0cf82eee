package dev.tally.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IncrementFormatTest {

    @Test
    void deltasRoundTripAsDecimalText() {
        for (long delta : new long[] {1, -1, 42, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(IncrementFormat.decode(IncrementFormat.encode(delta))).isEqualTo(delta);
        }
        assertThat(IncrementFormat.encode(-7)).isEqualTo("-7");
    }

    @Test
    void handTypedValuesWithSpacesAreAccepted() {
        assertThat(IncrementFormat.decode(" 5\n")).isEqualTo(5);
    }

    @Test
    void valuesThatAreNotDeltasAreRejectedWithTheReason() {
        assertThatThrownBy(() -> IncrementFormat.decode("abc")).hasMessageContaining("not a 64-bit integer");
        assertThatThrownBy(() -> IncrementFormat.decode("99999999999999999999")).hasMessageContaining("not a 64-bit integer");
        assertThatThrownBy(() -> IncrementFormat.decode("0")).hasMessageContaining("zero");
        assertThatThrownBy(() -> IncrementFormat.decode(null)).hasMessageContaining("no value");
    }
}
