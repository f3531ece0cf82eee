package dev.tally.processor.topology;

import static dev.tally.processor.topology.TopologyFixture.START;
import static dev.tally.processor.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.IncrementHeaders;
import dev.tally.domain.Topics;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.processor.store.IdempotencyEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Increments carrying an Idempotency-Key header: applied once per counter within the retention. */
class IdempotentIncrementsTest {

    private static final int RETENTION_SEC = 3_600;

    @TempDir
    Path stateDir;

    private TopologyFixture fixture;

    @BeforeEach
    void startDriver() {
        fixture = new TopologyFixture(stateDir, Map.of("IDEMPOTENCY_RETENTION_SEC", Integer.toString(RETENTION_SEC)));
    }

    @AfterEach
    void closeDriver() {
        fixture.close();
    }

    @Test
    void theSameKeyTwiceOnOneCounterIsAppliedOnce() {
        pipe("apples", "5", "retry-1");
        pipe("apples", "5", "retry-1");
        pipe("apples", "1", null);

        assertThat(fixture.counts()).containsExactlyEntriesOf(Map.of("apples", 6L));
        assertThat(fixture.metrics.applied()).isEqualTo(2);
        assertThat(fixture.metrics.duplicates()).isEqualTo(1);
        // Skipped, not rejected.
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void theSameClientKeyOnTwoCountersIsAppliedToBoth() {
        pipe("apples", "5", "k");
        pipe("pears", "3", "k");

        assertThat(fixture.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("apples", 5L, "pears", 3L));
        assertThat(fixture.idempotency()).containsOnlyKeys(
                Deduplicator.storeKey("apples", "k"), Deduplicator.storeKey("pears", "k"));
        assertThat(fixture.metrics.duplicates()).isZero();
    }

    @Test
    void theStoredWriteIsTheFirstRecordsWithItsExpiry() {
        pipe("other", "1", null);
        pipe("apples", "5", "retry-1");
        pipe("apples", "7", "retry-1"); // a retry with another delta is still the same request

        IdempotencyEntry entry = fixture.idempotency().get(Deduplicator.storeKey("apples", "retry-1"));
        assertThat(entry.write()).isEqualTo(new IdempotentWrite("retry-1", "apples", 5, Topics.INCREMENTS, 0, 1));
        assertThat(entry.expiresAtMs()).isEqualTo(START.toEpochMilli() + RETENTION_SEC * 1_000L);
        assertThat(fixture.counts()).containsEntry("apples", 5L);
    }

    @Test
    void afterTheRetentionTheEntryIsPurgedAndTheKeyAppliesAgain() {
        pipe("apples", "5", "retry-1");
        fixture.advanceWallClock(RETENTION_SEC * 1_000L - 1);
        pipe("apples", "5", "retry-1");
        assertThat(fixture.counts()).containsEntry("apples", 5L);
        assertThat(fixture.idempotency()).hasSize(1);

        // A small store is walked once a minute of wall-clock time.
        fixture.advanceWallClock(Deduplicator.PURGE_CYCLE.toMillis());
        assertThat(fixture.idempotency()).isEmpty();

        pipe("apples", "5", "retry-1");
        assertThat(fixture.counts()).containsEntry("apples", 10L);
        assertThat(fixture.idempotency().get(Deduplicator.storeKey("apples", "retry-1")).write().offset()).isEqualTo(2);
        assertThat(fixture.metrics.duplicates()).isEqualTo(1);
    }

    @Test
    void aRefusedIncrementIsNotRememberedSoItsRetryIsJudgedAfresh() {
        pipe("big", Long.toString(Long.MAX_VALUE), null);
        pipe("big", "1", "once");
        assertThat(fixture.deadLetters.readRecord().value()).isEqualTo("1");

        pipe("big", "-1", null);
        pipe("big", "1", "once");
        assertThat(fixture.counts()).containsEntry("big", Long.MAX_VALUE);
        assertThat(fixture.idempotency()).containsOnlyKeys(Deduplicator.storeKey("big", "once"));
    }

    @Test
    void anInvalidIdempotencyKeyIsDeadLetteredNotAppliedUnprotected() {
        pipe("apples", "5", "");
        pipe("apples", "5", "a\nb");
        pipe("apples", "5", "x".repeat(201));

        assertThat(fixture.counts()).isEmpty();
        assertThat(fixture.deadLetters.readRecordsToList())
                .extracting(record -> header(record, DeadLetters.ERROR_HEADER))
                .containsExactly("the idempotency key is empty",
                        "the idempotency key contains a control character",
                        "the idempotency key is 201 characters long; at most 200 are allowed");
        assertThat(fixture.idempotency()).isEmpty();
    }

    @Test
    void aMergedRecordWithTheHeaderIsHandledLikeAnyOther() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ExcessAggregator.SOURCE_HEADER, ExcessAggregator.FROM_EXCESS.getBytes(StandardCharsets.UTF_8));
        headers.add(ExcessAggregator.MERGED_HEADER, "3".getBytes(StandardCharsets.UTF_8));
        headers.add(IncrementHeaders.IDEMPOTENCY_KEY, "m".getBytes(StandardCharsets.UTF_8));
        fixture.increments.pipeInput(new TestRecord<>("hot", "3", headers));
        fixture.increments.pipeInput(new TestRecord<>("hot", "3", headers));

        assertThat(fixture.counts()).containsExactlyEntriesOf(Map.of("hot", 3L));
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    private void pipe(String counterKey, String delta, String idempotencyKey) {
        RecordHeaders headers = new RecordHeaders();
        if (idempotencyKey != null) {
            headers.add(IncrementHeaders.IDEMPOTENCY_KEY, idempotencyKey.getBytes(StandardCharsets.UTF_8));
        }
        fixture.increments.pipeInput(new TestRecord<>(counterKey, delta, headers));
    }
}
