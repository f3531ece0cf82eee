package dev.tally.processor.topology;

import static dev.tally.processor.topology.TopologyFixture.START;
import static dev.tally.processor.topology.TopologyFixture.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.Topics;
import dev.tally.processor.store.PendingSum;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The hot-key path: excess topic → {@link ExcessAggregator} → increments topic → {@link CountApplier}.
 *
 * <p>How the merged sums get back in: TopologyTestDriver, like a broker, feeds a record the topology
 * writes to one of its own source topics back into that source (it does so for every source topic,
 * not only repartition topics), and also keeps it for {@code createOutputTopic}. So the tests pipe
 * nothing back by hand: {@code fixture.merged} shows exactly what was written to the increments
 * topic, and the counts store shows what the applier then made of it.
 */
class ExcessPathTest extends OnTopologyWithFlushes {

    @Test
    void theSaltsOfAKeyAreSummedAndMergedAsOneRecordPerFlush() {
        fixture.excess.pipeInput("hot#0", "1", START.minusMillis(5));
        fixture.excess.pipeInput("hot#0", "1", START.minusMillis(9)); // older, though later: the oldest is kept
        fixture.excess.pipeInput("hot#0", "1", START.minusMillis(1));
        fixture.excess.pipeInput("hot#1", "2");
        fixture.excess.pipeInput("hot#1", "2");
        fixture.excess.pipeInput("hot#7", "-5");
        fixture.excess.pipeInput("warm#2", "8");
        fixture.increments.pipeInput("hot", "100");

        fixture.advanceWallClock(100);

        assertThat(fixture.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("hot", 100L + 3 + 4 - 5, "warm", 8L));
        List<TestRecord<String, String>> merged = fixture.merged.readRecordsToList();
        assertThat(merged).allSatisfy(record ->
                assertThat(header(record, ExcessAggregator.SOURCE_HEADER)).isEqualTo(ExcessAggregator.FROM_EXCESS));
        // Each merged sum says how far it covers its key's increments on the excess partition (offsets 0..6).
        assertThat(merged).extracting(record -> record.key() + " " + record.value() + " x"
                        + header(record, ExcessAggregator.MERGED_HEADER) + " @" + record.getRecordTime()
                        + " to " + header(record, ExcessPosition.HEADER))
                .containsExactlyInAnyOrder("hot 2 x6 @" + START.minusMillis(9) + " to 0:5", "warm 8 x1 @" + START + " to 0:6");
        assertThat(fixture.pending()).isEmpty();
        assertThat(fixture.metrics.merged()).isEqualTo(2);
        assertThat(fixture.metrics.applied()).isEqualTo(3);

        // The next flush has nothing to merge; new excess increments start new sums.
        fixture.advanceWallClock(100);
        assertThat(fixture.merged.isEmpty()).isTrue();
        fixture.excess.pipeInput("hot#1", "1");
        fixture.advanceWallClock(100);
        assertThat(fixture.merged.readValuesToList()).containsExactly("1");
        assertThat(fixture.counts()).containsEntry("hot", 103L);
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void nothingIsMergedBeforeTheFlushInterval() {
        fixture.excess.pipeInput("hot#0", "4");
        fixture.advanceWallClock(99);

        assertThat(fixture.merged.isEmpty()).isTrue();
        assertThat(fixture.counts()).isEmpty();
        assertThat(fixture.pending()).containsExactlyEntriesOf(Map.of("hot", new PendingSum(4, 1, START.toEpochMilli(), 0)));

        fixture.advanceWallClock(1);
        assertThat(fixture.merged.readValuesToList()).containsExactly("4");
        assertThat(fixture.counts()).containsExactlyEntriesOf(Map.of("hot", 4L));
    }

    @Test
    void sumsAlreadyInTheStoreWhenTheTaskStartsAreMergedByTheFirstFlush() {
        // As after a crash between summing and flushing: the changelog restores the sum, no record brings it.
        fixture.driver.<String, PendingSum>getKeyValueStore(ExcessAggregator.STORE)
                .put("hot", new PendingSum(7, 3, START.toEpochMilli(), 2));

        fixture.advanceWallClock(100);

        assertThat(fixture.merged.readValuesToList()).containsExactly("7");
        assertThat(fixture.counts()).containsExactlyEntriesOf(Map.of("hot", 7L));
        assertThat(fixture.pending()).isEmpty();
    }

    @Test
    void aDeltaThatWouldOverflowThePendingSumFlushesItFirst() {
        fixture.excess.pipeInput("hot#0", Long.toString(Long.MAX_VALUE));
        fixture.excess.pipeInput("hot#0", "5");

        // Forwarded at once, before any flush: the pending sum could not take the 5.
        assertThat(fixture.merged.readValuesToList()).containsExactly(Long.toString(Long.MAX_VALUE));
        assertThat(fixture.pending()).containsExactlyEntriesOf(Map.of("hot", new PendingSum(5, 1, START.toEpochMilli(), 1)));

        fixture.excess.pipeInput("hot#0", "-10");
        fixture.advanceWallClock(100);

        TestRecord<String, String> rest = fixture.merged.readRecord();
        assertThat(rest.value()).isEqualTo("-5");
        assertThat(header(rest, ExcessAggregator.MERGED_HEADER)).isEqualTo("2");
        assertThat(fixture.counts()).containsExactlyEntriesOf(Map.of("hot", Long.MAX_VALUE - 5));
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aSumThatNetsToZeroIsMergedAsZeroSoItsPositionStillMovesOn() {
        fixture.excess.pipeKeyValueList(List.of(
                KeyValue.pair("hot#0", "3"),
                KeyValue.pair("hot#0", "-3"),
                KeyValue.pair("hot#1", "2"),
                KeyValue.pair("calm#4", "1"),
                KeyValue.pair("calm#4", "-1")));

        fixture.advanceWallClock(100);

        assertThat(fixture.merged.readKeyValuesToList())
                .containsExactlyInAnyOrder(KeyValue.pair("hot", "2"), KeyValue.pair("calm", "0"));
        assertThat(fixture.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("hot", 2L, "calm", 0L));
        assertThat(fixture.states().get("calm").applied().excessOffset(0)).isEqualTo(4);
        assertThat(fixture.pending()).isEmpty();
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void invalidExcessRecordsAreDeadLetteredWithTheirReason() {
        fixture.excess.pipeKeyValueList(List.of(
                KeyValue.pair(null, "1"),
                KeyValue.pair("hot", "1"),
                KeyValue.pair("#3", "1"),
                KeyValue.pair("hot#x", "1"),
                KeyValue.pair("tab\there#1", "1"),
                KeyValue.pair("hot#1", "one"),
                KeyValue.pair("hot#1", "0"),
                KeyValue.pair("hot#1", null),
                KeyValue.pair("hot#1", "6")));
        fixture.advanceWallClock(100);

        assertThat(fixture.counts()).containsExactlyEntriesOf(Map.of("hot", 6L));
        List<TestRecord<String, String>> dead = fixture.deadLetters.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key)
                .containsExactly(null, "hot", "#3", "hot#x", "tab\there#1", "hot#1", "hot#1", "hot#1");
        assertThat(dead).extracting(record -> header(record, DeadLetters.ERROR_HEADER)).containsExactly(
                "the record has no key",
                "not a salted excess key: hot",
                "not a salted excess key: #3",
                "not a salted excess key: hot#x",
                "the key contains a control character",
                "the value is not a 64-bit integer: \"one\"",
                "the delta is zero",
                "the record has no value");
        assertThat(dead).allSatisfy(record ->
                assertThat(header(record, DeadLetters.TOPIC_HEADER)).isEqualTo(Topics.EXCESS));
        assertThat(dead).extracting(record -> header(record, DeadLetters.OFFSET_HEADER))
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        assertThat(fixture.metrics.deadLetters()).isEqualTo(8);
    }
}
