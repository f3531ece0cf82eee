package dev.tally.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadResultTest {

    @Test
    void mergesTheClientsCountsKeysAndLatencies() {
        ClientRecord one = new ClientRecord();
        one.accepted("hot", 1_000, false);
        one.accepted("hot", 3_000, true);
        one.rejected();
        ClientRecord two = new ClientRecord();
        two.accepted("hot", 2_000, true);
        two.accepted("cold-1", 4_000, false);
        two.failed(503, "{\"error\":\"kafka_timeout\"}");
        two.failed(-1, "java.net.ConnectException");

        LoadResult r = LoadResult.of("B excess hot", List.of(one, two), 2_000_000_000L, 0.5);

        assertThat(r.clients()).isEqualTo(2);
        assertThat(r.accepted()).isEqualTo(4);
        assertThat(r.acceptedExcess()).isEqualTo(2);
        assertThat(r.retried429()).isEqualTo(1);
        assertThat(r.errors()).isEqualTo(2);
        assertThat(r.firstError()).isEqualTo("HTTP 503: {\"error\":\"kafka_timeout\"}");
        assertThat(r.acceptedByKey()).isEqualTo(Map.of("hot", 3L, "cold-1", 1L));
        assertThat(r.seconds()).isEqualTo(2.0);
        assertThat(r.acceptedPerSecond()).isEqualTo(2.0);
        assertThat(r.latency().n()).isEqualTo(4);
        assertThat(r.latency().p50Ms()).isEqualTo(2.0);
        assertThat(r.latency().maxMs()).isEqualTo(4.0);
        assertThat(r.latency().meanMs()).isCloseTo(2.5, within(1e-9));
        assertThat(r.row()).startsWith("B excess hot").endsWith("50%");
    }

    @Test
    void roundsMergeIntoOneResultOverTheirSummedTime() {
        ClientRecord first = new ClientRecord();
        first.accepted("a", 1_000, false);
        ClientRecord second = new ClientRecord();
        second.accepted("a", 3_000, false);
        second.accepted("b", 5_000, false);
        second.failed(503, "down");

        LoadResult merged = LoadResult.merge("Q=2", List.of(
                LoadResult.of("Q=2 round 1", List.of(first), 1_000_000_000L, 0.2),
                LoadResult.of("Q=2 round 2", List.of(second), 3_000_000_000L, 0.6)));

        assertThat(merged.name()).isEqualTo("Q=2");
        assertThat(merged.accepted()).isEqualTo(3);
        assertThat(merged.errors()).isEqualTo(1);
        assertThat(merged.firstError()).isEqualTo("HTTP 503: down");
        assertThat(merged.seconds()).isEqualTo(4.0);
        assertThat(merged.acceptedPerSecond()).isEqualTo(0.75);
        assertThat(merged.loadGeneratorCores()).isCloseTo(0.5, within(1e-9));
        assertThat(merged.acceptedByKey()).isEqualTo(Map.of("a", 2L, "b", 1L));
        assertThat(merged.latency().p50Ms()).isEqualTo(3.0);
        assertThat(merged.latency().maxMs()).isEqualTo(5.0);
    }

    @Test
    void aRecordGrowsPastItsFirstArray() {
        ClientRecord c = new ClientRecord();
        for (int i = 0; i < 5_000; i++) {
            c.accepted("k", i, false);
        }
        assertThat(c.latencies()).hasSize(5_000).endsWith(4_999L);
    }

    @Test
    void noAcceptedIncrementsMeansNoLatencyButStillARow() {
        ClientRecord c = new ClientRecord();
        c.rejected();
        LoadResult r = LoadResult.of("C no-excess hot", List.of(c), 1_000_000_000L, 0.1);
        assertThat(r.latency()).isNull();
        assertThat(r.acceptedPerSecond()).isZero();
        assertThat(r.row()).startsWith("C no-excess hot").contains(" - ");
    }
}
