package dev.tally.processor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class PendingSumTest {

    private final Serde<PendingSum> serde = PendingSum.serde();

    @Test
    void theChangelogValueIsReadableTextThatRoundTrips() {
        PendingSum pending = new PendingSum(Long.MIN_VALUE, 3, 1_767_225_600_000L, 42);
        byte[] bytes = serde.serializer().serialize("t", pending);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("-9223372036854775808,3,1767225600000,42");
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(pending);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void addingKeepsTheOldestTimestampAndTheLastOffsetAndRefusesToOverflow() {
        PendingSum first = PendingSum.first(Long.MAX_VALUE - 1, 50, 7);

        assertThat(first.plus(1, 20, 8)).contains(new PendingSum(Long.MAX_VALUE, 2, 20, 8));
        assertThat(first.plus(-3, 90, 9)).contains(new PendingSum(Long.MAX_VALUE - 4, 2, 50, 9));
        assertThat(first.plus(2, 20, 8)).isEmpty();
    }

    @Test
    void somethingElseInTheStoreIsAnError() {
        assertThatThrownBy(() -> PendingSum.decode("5,1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PendingSum.decode("5,x,1,2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PendingSum.decode("5,1,1")).isInstanceOf(IllegalArgumentException.class);
    }
}
