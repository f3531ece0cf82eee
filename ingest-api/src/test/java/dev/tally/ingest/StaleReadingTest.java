package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.server.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Kafka reading that has stopped coming in is not decided on: 503 kafka_unavailable, never a false
 * 429, and no 202 names a leader from it.
 */
class StaleReadingTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final HandClock clock = new HandClock();
    private final FixedBacklog fixed = FixedBacklog.empty().set(IngestQueue.MAIN, 10);
    private boolean kafkaDown;
    private final ClusterView cluster = new ClusterView(() -> {
        if (kafkaDown) {
            throw new org.apache.kafka.common.errors.TimeoutException("no broker answered");
        }
        return fixed.read();
    }, clock);
    private final QueueGate gate = new QueueGate(cluster, Map.of(IngestQueue.MAIN, 10L, IngestQueue.EXCESS, 10L),
            new IngestMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));

    @Test
    void aFullQueueIs429WhileReadingsComeInAnd503OnceTheLastIsTooOld() {
        cluster.poll();
        assertThatThrownBy(() -> gate.admit(IngestQueue.MAIN))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(429));

        kafkaDown = true;
        clock.now = clock.now.plus(ClusterView.MAX_READING_AGE);
        cluster.poll();
        assertThatThrownBy(() -> gate.admit(IngestQueue.MAIN))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(429));

        clock.now = clock.now.plus(Duration.ofSeconds(1));
        cluster.poll();
        assertThatThrownBy(() -> gate.admit(IngestQueue.MAIN))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.error()).isEqualTo("kafka_unavailable");
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("no broker answered");
                });
        assertThatThrownBy(() -> gate.admit(IngestQueue.EXCESS))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error()).isEqualTo("kafka_unavailable"));

        kafkaDown = false;
        fixed.set(IngestQueue.MAIN, 0);
        cluster.poll();
        gate.admit(IngestQueue.MAIN);
        assertThat(gate.backlog(IngestQueue.MAIN)).isEqualTo(1);
    }

    @Test
    void aLeaderIsNamedOnlyWhileTheReadingItComesFromStillHolds() {
        assertThat(cluster.leaderOf(IngestQueue.MAIN, 0)).as("before the first reading").isNull();
        cluster.poll();
        assertThat(cluster.leaderOf(IngestQueue.MAIN, 0)).isEqualTo(1);

        clock.now = clock.now.plus(ClusterView.LEADER_MAX_AGE);
        assertThat(cluster.leaderOf(IngestQueue.MAIN, 0)).isEqualTo(1);
        clock.now = clock.now.plusMillis(1);
        assertThat(cluster.leaderOf(IngestQueue.MAIN, 0)).as("a reading over the age limit").isNull();

        cluster.poll();
        assertThat(cluster.leaderOf(IngestQueue.MAIN, 0)).isEqualTo(1);
        kafkaDown = true;
        cluster.poll();
        assertThat(cluster.leaderOf(IngestQueue.MAIN, 0)).as("the last attempt to read failed").isNull();
    }
}
