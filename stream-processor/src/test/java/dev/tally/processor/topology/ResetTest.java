package dev.tally.processor.topology;

import static dev.tally.processor.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.ResetRecords;
import dev.tally.domain.Topics;
import dev.tally.domain.wire.IdempotentWrite;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Resets through the log: a reset record on the increments topic, and for hot keys its markers on
 * the excess topic (in the driver, the excess topic has one partition, 0).
 */
class ResetTest extends OnTopologyWithFlushes {

    @Test
    void aResetClearsWhatCameBeforeItAndCountsWhatComesAfter() {
        fixture.increments.pipeInput("apples", "5");
        fixture.increments.pipeInput("pears", "7");
        fixture.increments.pipeInput("apples", "3");
        reset("apples", Map.of(), null);
        fixture.increments.pipeInput("apples", "2");

        assertThat(fixture.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("apples", 2L, "pears", 7L));
        assertThat(fixture.states().get("apples").applied().main()).isEqualTo(4);
        assertThat(fixture.metrics.resets()).isEqualTo(1);

        reset("apples", Map.of(), null);
        reset("never-counted", Map.of(), null);
        assertThat(fixture.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("apples", 0L, "pears", 7L, "never-counted", 0L));
        // A reset moves the position like any record: its token is answered.
        assertThat(fixture.states().get("apples").applied().main()).isEqualTo(5);
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aRetriedResetWithTheSameIdempotencyKeyClearsOnlyOnce() {
        fixture.increments.pipeInput("apples", "5");
        reset("apples", Map.of(), "clear-1");
        fixture.increments.pipeInput("apples", "4");
        reset("apples", Map.of(), "clear-1");

        assertThat(fixture.counts()).containsEntry("apples", 4L);
        assertThat(fixture.idempotency().get(Deduplicator.storeKey("apples", "clear-1")).write())
                .isEqualTo(new IdempotentWrite("clear-1", "apples", 0, Topics.INCREMENTS, 0, 1, true));
        assertThat(fixture.metrics.duplicates()).isEqualTo(1);
        assertThat(fixture.states().get("apples").applied().main()).isEqualTo(3);
    }

    @Test
    void aMarkerMergesTheKeysPendingSumAtOnceSoNoSumSpansIt() {
        fixture.excess.pipeInput("hot#0", "1");
        fixture.excess.pipeInput("hot#1", "2");
        fixture.excess.pipeInput("other#1", "9");
        marker("hot");
        fixture.excess.pipeInput("hot#0", "4");

        List<TestRecord<String, String>> merged = fixture.merged.readRecordsToList();
        assertThat(merged).extracting(record -> record.key() + " " + record.value() + " to " + header(record, ExcessPosition.HEADER))
                .containsExactly("hot 3 to 0:1");
        // The other key's sum and the increment after the marker wait for the flush as usual.
        assertThat(fixture.pending()).containsOnlyKeys("other", "hot");
        assertThat(fixture.pending().get("hot").sum()).isEqualTo(4);
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aHotKeysSumsBeforeTheResetAreClearedWhereverTheyArriveAndThoseAfterCount() {
        fixture.excess.pipeInput("hot#0", "1");   // excess offset 0, merged at the flush: before the reset
        fixture.advanceWallClock(100);
        fixture.excess.pipeInput("hot#1", "10");  // offset 1, still pending when the reset is applied
        fixture.increments.pipeInput("hot", "100");
        assertThat(fixture.counts()).containsEntry("hot", 101L);

        // The reset's marker went to excess offset 2; the applier sees the reset before the
        // aggregator reaches the marker, so the sum before the marker arrives after the reset.
        reset("hot", Map.of(0, 2L), null);
        assertThat(fixture.counts()).containsEntry("hot", 0L);
        marker("hot");
        fixture.excess.pipeInput("hot#0", "5");   // offset 3: after the reset
        fixture.increments.pipeInput("hot", "20");
        fixture.advanceWallClock(100);

        assertThat(fixture.counts()).containsEntry("hot", 25L);
        assertThat(fixture.metrics.clearedByReset()).isEqualTo(1);
        // The dropped sum still moved the position, so tokens of its increments are answered.
        assertThat(fixture.states().get("hot").applied().excessOffset(0)).isEqualTo(3);
        assertThat(fixture.pending()).isEmpty();
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void sumsAfterTheMarkerThatArriveBeforeTheResetAreClearedWithIt() {
        fixture.excess.pipeInput("hot#0", "1");   // offset 0
        marker("hot");                            // offset 1: merges "1" at once
        fixture.excess.pipeInput("hot#0", "7");   // offset 2: sent while the reset was being written
        fixture.advanceWallClock(100);
        assertThat(fixture.counts()).containsEntry("hot", 8L);

        reset("hot", Map.of(0, 1L), null);
        fixture.excess.pipeInput("hot#0", "3");
        fixture.advanceWallClock(100);

        // The 7 raced the reset (appended before the reset's 202): cleared, never counted twice.
        assertThat(fixture.counts()).containsEntry("hot", 3L);
        assertThat(fixture.metrics.clearedByReset()).isZero();
    }

    @Test
    void malformedResetsAreDeadLettered() {
        fixture.increments.pipeInput("apples", "5");
        pipeWithHeader("apples", "0", ResetRecords.HEADER, "");
        pipeWithHeader("apples", ResetRecords.VALUE, ResetRecords.HEADER, "0:x");
        pipeWithHeader("tab\there", ResetRecords.VALUE, ResetRecords.HEADER, "");
        fixture.increments.pipeInput("apples", ResetRecords.VALUE); // no header: not a reset, not a number

        assertThat(fixture.counts()).containsEntry("apples", 5L);
        assertThat(fixture.deadLetters.readRecordsToList()).extracting(record -> header(record, DeadLetters.ERROR_HEADER))
                .containsExactly(
                        "a record with the header tally.reset must have the value reset",
                        "the header tally.reset is not partition:offset,… but \"0:x\"",
                        "the key contains a control character",
                        "the value is not a 64-bit integer: \"reset\"");
    }

    private void reset(String key, Map<Integer, Long> cuts, String idempotencyKey) {
        fixture.reset(key, cuts, idempotencyKey);
    }

    private void marker(String key) {
        fixture.marker(key);
    }

    private void pipeWithHeader(String key, String value, String header, String headerValue) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(header, headerValue.getBytes(StandardCharsets.UTF_8));
        fixture.increments.pipeInput(new TestRecord<>(key, value, headers));
    }
}
