package dev.tally.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.Consistency;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsistencyMetricsTest {

    @Test
    void eachLevelAndOperationIsCountedApart() {
        ConsistencyMetrics metrics = new ConsistencyMetrics();
        metrics.record(ConsistencyMetrics.Operation.WRITE, Consistency.STRONG, Duration.ofMillis(10), false);
        metrics.record(ConsistencyMetrics.Operation.WRITE, Consistency.STRONG, Duration.ofMillis(30), true);
        metrics.record(ConsistencyMetrics.Operation.READ, Consistency.EVENTUAL, Duration.ofMillis(2), false);

        var strongWrites = metrics.snapshot().get("strong").get("write");
        assertThat(strongWrites.count()).isEqualTo(2);
        assertThat(strongWrites.averageMs()).isEqualTo(20.0);
        assertThat(strongWrites.failures()).isEqualTo(1);
        assertThat(strongWrites.p99Ms()).isGreaterThanOrEqualTo(29.0);
        assertThat(metrics.snapshot().get("eventual").get("read").count()).isEqualTo(1);
        assertThat(metrics.snapshot().get("eventual").get("write").count()).isZero();
    }

    @Test
    void levelsAreParsedFromTheQueryParameter() {
        assertThat(Consistency.parse(null, Consistency.STRONG)).isEqualTo(Consistency.STRONG);
        assertThat(Consistency.parse("Eventual", Consistency.STRONG)).isEqualTo(Consistency.EVENTUAL);
        assertThatThrownBy(() -> Consistency.parse("quorum", Consistency.STRONG)).hasMessageContaining("strong or eventual");
    }
}
