package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.WriteToken;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LogEndHorizonTest {

    /** Polled log ends of 100 on every partition of both queues; each fresh look-up answers the next of {@code fresh}. */
    private static final class Ends implements BacklogSource {
        final Deque<OptionalLong> fresh = new ArrayDeque<>();
        int lookUps;

        @Override
        public Map<IngestQueue, Map<Integer, PartitionReading>> read() {
            Map<IngestQueue, Map<Integer, PartitionReading>> reading = new EnumMap<>(IngestQueue.class);
            for (IngestQueue queue : IngestQueue.values()) {
                reading.put(queue, Map.of(0, partition(100), 1, partition(100)));
            }
            return reading;
        }

        private static PartitionReading partition(long end) {
            return new PartitionReading(0, 1, List.of(1, 2, 3), List.of(1, 2, 3), 2, end);
        }

        @Override
        public OptionalLong logEnd(IngestQueue queue, int partition, Duration deadline) {
            lookUps++;
            return fresh.isEmpty() ? OptionalLong.empty() : fresh.size() == 1 ? fresh.peek() : fresh.poll();
        }
    }

    private final Ends ends = new Ends();
    private final ClusterView cluster = new ClusterView(ends, Clock.systemUTC());
    private final LogEndHorizon horizon = new LogEndHorizon(cluster, Duration.ofMillis(200));

    @Test
    void aTokenBelowThePolledEndIsNotLookedUp() {
        cluster.poll();
        assertThat(horizon.pastLogEnd(WriteToken.of("k", false, 1, 99))).isEmpty();
        assertThat(horizon.pastLogEnd(WriteToken.of("k", true, 0, 0))).isEmpty();
        assertThat(ends.lookUps).isZero();
    }

    @Test
    void aTokenPastTheEndThatTheLeaderConfirmsIsRefused() {
        cluster.poll();
        ends.fresh.add(OptionalLong.of(101));
        var problem = horizon.pastLogEnd(WriteToken.of("k", false, 1, 5_000_000));
        assertThat(problem).hasValueSatisfying(text -> assertThat(text)
                .contains("offset 5000000 of partition 1 of tally-increments").contains("ends at 101"));
        // The excess queue's tokens are judged against the excess topic.
        assertThat(horizon.pastLogEnd(WriteToken.of("k", true, 0, 101))).hasValueSatisfying(text -> assertThat(text)
                .contains("tally-excess"));
    }

    @Test
    void aWriteNewerThanThePolledEndIsNotRefused() {
        cluster.poll();
        // Written since the poll: the leader's end is past it.
        ends.fresh.add(OptionalLong.of(140));
        assertThat(horizon.pastLogEnd(WriteToken.of("k", false, 1, 120))).isEmpty();
    }

    @Test
    void aLeaderOnlyWriteNotYetCopiedIsWaitedForWithinTheConfirmation() {
        cluster.poll();
        // The followers copy it after two look-ups: the watermark then passes it.
        ends.fresh.addAll(List.of(OptionalLong.of(100), OptionalLong.of(100), OptionalLong.of(101)));
        assertThat(horizon.pastLogEnd(WriteToken.of("k", false, 0, 100))).isEmpty();
        assertThat(ends.lookUps).isEqualTo(3);
    }

    @Test
    void nothingIsRefusedWhenTheEndCannotBeToldNow() {
        // No reading yet.
        assertThat(horizon.pastLogEnd(WriteToken.of("k", false, 1, 1_000))).isEmpty();
        cluster.poll();
        // The leader did not answer in time.
        assertThat(horizon.pastLogEnd(WriteToken.of("k", false, 1, 1_000))).isEmpty();
        // A partition the reading does not know (a topic grown since) is left to the read.
        ends.fresh.add(OptionalLong.of(0));
        assertThat(horizon.pastLogEnd(WriteToken.of("k", true, 7, 1_000))).isEmpty();
    }
}
