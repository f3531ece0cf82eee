package dev.tally.perf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerPerfTest {

    @Test
    void theFinalLineIsReadIntoTheResult() {
        ProducerPerf.Result r = ProducerPerf.parse("200000 records sent, 48875.8 records/sec (0.84 MB/sec), 21.40 ms avg latency,"
                + " 312.00 ms max latency, 17 ms 50th, 45 ms 95th, 98 ms 99th, 301 ms 99.9th.", 18, List.of("java", "x".repeat(300)));

        assertThat(r.records()).isEqualTo(200_000);
        assertThat(r.recordsPerSecond()).isEqualTo(48_875.8);
        assertThat(r.mbPerSecond()).isEqualTo(0.84);
        assertThat(r.p50Ms()).isEqualTo(17);
        assertThat(r.p99Ms()).isEqualTo(98);
        assertThat(r.recordSize()).isEqualTo(18);
        assertThat(r.command()).containsExactly("java", "<kafka-runtime/target/classpath.txt>");
    }

    @Test
    void aProgressLineIsNotAResult() {
        assertThatThrownBy(() -> ProducerPerf.parse("96000 records sent, 19200.0 records/sec (0.33 MB/sec), 40.1 ms avg latency,"
                + " 210.0 ms max latency.", 18, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
