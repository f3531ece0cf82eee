package dev.tally.processor.topology;

import static dev.tally.processor.topology.TopologyFixture.START;
import static dev.tally.processor.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.IncrementHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WINDOWS=1m,1h: every increment also counted in the tumbling windows of its acceptance time (the record timestamp). */
class WindowsTest {

    private static final long S = START.toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;

    @TempDir
    Path stateDir;

    private TopologyFixture fixture;

    @BeforeEach
    void startDriver() {
        fixture = new TopologyFixture(stateDir, Map.of("EXCESS_FLUSH_MS", "100", "WINDOWS", "1m,1h"));
    }

    @AfterEach
    void closeDriver() {
        fixture.close();
    }

    @Test
    void anIncrementCountsInTheWindowsOfItsAcceptanceTimeToTheMillisecond() {
        increment("a", "1", S - 1);
        increment("a", "2", S);
        increment("a", "4", S + MINUTE - 1);
        increment("a", "8", S + MINUTE);
        increment("b", "16", S + 30_000);

        assertThat(fixture.windows("1m", "a")).containsOnly(Map.entry(S - MINUTE, 1L), Map.entry(S, 6L), Map.entry(S + MINUTE, 8L));
        assertThat(fixture.windows("1h", "a")).containsOnly(Map.entry(S - HOUR, 1L), Map.entry(S, 14L));
        assertThat(fixture.windows("1m", "b")).containsOnly(Map.entry(S, 16L));
        assertThat(fixture.counts()).containsEntry("a", 15L).containsEntry("b", 16L);
    }

    @Test
    void aHotKeysPendingSumIsSplitAtAWindowEdgeSoEachWindowGetsItsOwnIncrements() {
        excess("hot#0", "1", S + 59_000);
        excess("hot#1", "2", S + MINUTE - 1);
        excess("hot#0", "4", S + MINUTE);
        excess("hot#1", "8", S + MINUTE + 500);
        fixture.advanceWallClock(100);

        assertThat(fixture.merged.readRecordsToList()).extracting(r -> r.key() + " " + r.value() + " at " + r.timestamp()
                        + " of " + header(r, ExcessAggregator.MERGED_HEADER))
                .containsExactly("hot 3 at " + (S + 59_000) + " of 2", "hot 12 at " + (S + MINUTE) + " of 2");
        assertThat(fixture.windows("1m", "hot")).containsOnly(Map.entry(S, 3L), Map.entry(S + MINUTE, 12L));
        assertThat(fixture.windows("1h", "hot")).containsOnly(Map.entry(S, 15L));
        assertThat(fixture.counts()).containsEntry("hot", 15L);
    }

    @Test
    void aResetClearsTheCountAndLeavesTheWindowsWhichSayWhatWasAddedDuringThem() {
        increment("a", "5", S);
        fixture.reset("a", Map.of(), null);
        increment("a", "2", S + 1_000);
        // A hot key's sum the reset clears from the count (its increment came before the marker at offset 1)
        // was still added during its window.
        excess("hot#1", "10", S + 2_000);
        fixture.reset("hot", Map.of(0, 1L), null);
        fixture.marker("hot");

        assertThat(fixture.counts()).containsEntry("a", 2L).containsEntry("hot", 0L);
        assertThat(fixture.metrics.clearedByReset()).isEqualTo(1);
        assertThat(fixture.windows("1m", "a")).containsOnly(Map.entry(S, 7L));
        assertThat(fixture.windows("1m", "hot")).containsOnly(Map.entry(S, 10L));
    }

    @Test
    void retriedMalformedAndOverflowingIncrementsAreNotWindowed() {
        increment("a", "5", S, "retry-1");
        increment("a", "5", S, "retry-1");
        increment("a", "x", S);
        increment("big", Long.toString(Long.MAX_VALUE), S);
        fixture.reset("big", Map.of(), null);
        // The count would fit after the reset; the minute's window would not.
        increment("big", "1", S + 1);

        assertThat(fixture.windows("1m", "a")).containsOnly(Map.entry(S, 5L));
        assertThat(fixture.windows("1m", "big")).containsOnly(Map.entry(S, Long.MAX_VALUE));
        assertThat(fixture.counts()).containsEntry("a", 5L).containsEntry("big", 0L);
        assertThat(fixture.deadLetters.readRecordsToList()).extracting(r -> header(r, DeadLetters.ERROR_HEADER))
                .containsExactly("the value is not a 64-bit integer: \"x\"", CountApplier.OVERFLOW);
    }

    private void increment(String key, String delta, long timestamp) {
        increment(key, delta, timestamp, null);
    }

    private void increment(String key, String delta, long timestamp, String idempotencyKey) {
        RecordHeaders headers = new RecordHeaders();
        if (idempotencyKey != null) {
            headers.add(IncrementHeaders.IDEMPOTENCY_KEY, idempotencyKey.getBytes(StandardCharsets.UTF_8));
        }
        fixture.increments.pipeInput(new TestRecord<>(key, delta, headers, Instant.ofEpochMilli(timestamp)));
    }

    private void excess(String saltedKey, String delta, long timestamp) {
        fixture.excess.pipeInput(new TestRecord<>(saltedKey, delta, Instant.ofEpochMilli(timestamp)));
    }
}
