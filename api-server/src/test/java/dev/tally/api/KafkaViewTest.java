package dev.tally.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.ingest.IngestStatus;
import dev.tally.ingest.PartitionReading;
import dev.tally.ingest.QueueGate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaViewTest {

    @Test
    void brokersShowWhetherTheyAreUpAndWhatTheyLeadAndTopicsTheirShortPartitions() {
        // Broker 3 is down: partition 1 lost a replica, partition 2 is below its write quorum of 2.
        QueueGate.QueueStatus main = new QueueGate.QueueStatus("main", "tally-increments", 100, 0, Map.of(
                0, new PartitionReading(0, 1, List.of(1, 2, 3), List.of(1, 2, 3), 2),
                1, new PartitionReading(0, 2, List.of(1, 2, 3), List.of(1, 2), 2),
                2, new PartitionReading(0, 1, List.of(3, 1), List.of(1), 2)), 0, 0, 10L, null);
        QueueGate.QueueStatus excess = new QueueGate.QueueStatus("excess", "tally-excess", 100, 0, Map.of(
                0, new PartitionReading(0, 2, List.of(1, 2, 3), List.of(1, 2, 3), 2)), 0, 0, 10L, null);

        KafkaView view = KafkaView.of(new IngestStatus(List.of(1, 2), List.of(main, excess), List.of(),
                new IngestStatus.RateLimit(0, 0)));

        assertThat(view.brokers()).containsExactly(
                new KafkaView.Broker(1, true, 2), new KafkaView.Broker(2, true, 2), new KafkaView.Broker(3, false, 0));
        assertThat(view.topics()).containsExactly(
                new KafkaView.Topic("tally-increments", 3, 2, 1), new KafkaView.Topic("tally-excess", 1, 0, 0));
    }
}
