package dev.tally.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.Topics;
import dev.tally.processor.ProcessorMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterTopologyTest {

    @TempDir
    Path stateDir;

    private TopologyFixture fixture;
    private TestInputTopic<String, String> increments;
    private TestOutputTopic<String, String> deadLetters;

    @BeforeEach
    void startDriver() {
        fixture = new TopologyFixture(stateDir, Map.of());
        increments = fixture.increments;
        deadLetters = fixture.deadLetters;
    }

    @AfterEach
    void closeDriver() {
        fixture.close();
    }

    @Test
    void countsEveryKeyIncludingNegativeDeltas() {
        increments.pipeKeyValueList(List.of(
                KeyValue.pair("apples", "5"),
                KeyValue.pair("pears", "3"),
                KeyValue.pair("apples", "-2"),
                KeyValue.pair("plums", "-7"),
                KeyValue.pair("pears", " 4 "),
                KeyValue.pair("apples", "10")));

        assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of("apples", 13L, "pears", 7L, "plums", -7L));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(fixture.metrics.applied()).isEqualTo(6);
        assertThat(fixture.metrics.deadLetters()).isZero();
        assertThat(fixture.metrics.merged()).isZero();
    }

    @Test
    void incrementsAndExcessAreTwoSubTopologiesSharingNoNode() {
        TopologyDescription description = CounterTopology.build(fixture.config, new ProcessorMetrics()).describe();

        // Separate tasks: the excess partitions are not co-partitioned with the increments ones.
        assertThat(description.subtopologies()).hasSize(2);
        assertThat(description.subtopologies()).extracting(sub -> sub.nodes().stream()
                        .filter(node -> node instanceof TopologyDescription.Source)
                        .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream())
                        .toList())
                .containsExactlyInAnyOrder(List.of(Topics.INCREMENTS), List.of(Topics.EXCESS));
    }

    @Test
    void anUnparseableValueIsDeadLetteredAndLaterRecordsAreStillCounted() {
        increments.pipeKeyValueList(List.of(
                KeyValue.pair("apples", "1"),
                KeyValue.pair("apples", "one"),
                KeyValue.pair("apples", "2")));

        assertThat(counts()).containsExactlyEntriesOf(Map.of("apples", 3L));
        TestRecord<String, String> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("apples");
        assertThat(dead.value()).isEqualTo("one");
        assertThat(header(dead, DeadLetters.ERROR_HEADER)).contains("not a 64-bit integer").contains("one");
        assertThat(header(dead, DeadLetters.TOPIC_HEADER)).isEqualTo(Topics.INCREMENTS);
        assertThat(header(dead, DeadLetters.PARTITION_HEADER)).isEqualTo("0");
        assertThat(header(dead, DeadLetters.OFFSET_HEADER)).isEqualTo("1");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(fixture.metrics.applied()).isEqualTo(2);
        assertThat(fixture.metrics.deadLetters()).isEqualTo(1);
    }

    @Test
    void anIncrementThatWouldOverflowIsNotAppliedAndIsDeadLettered() {
        increments.pipeKeyValueList(List.of(
                KeyValue.pair("big", Long.toString(Long.MAX_VALUE)),
                KeyValue.pair("big", "1"),
                KeyValue.pair("small", Long.toString(Long.MIN_VALUE)),
                KeyValue.pair("small", "-1")));

        // Neither wrapped nor saturated by the refused increments.
        assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of("big", Long.MAX_VALUE, "small", Long.MIN_VALUE));
        List<TestRecord<String, String>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key).containsExactly("big", "small");
        assertThat(dead).extracting(TestRecord::value).containsExactly("1", "-1");
        assertThat(dead).extracting(record -> header(record, DeadLetters.ERROR_HEADER))
                .containsExactly(CountApplier.OVERFLOW, CountApplier.OVERFLOW);
        assertThat(dead).extracting(record -> header(record, DeadLetters.OFFSET_HEADER)).containsExactly("1", "3");

        // An increment that fits is applied again afterwards.
        increments.pipeInput("big", "-1");
        assertThat(counts()).containsEntry("big", Long.MAX_VALUE - 1);
    }

    @Test
    void zeroDeltasAndBadKeysAreDeadLetteredWithTheirReason() {
        increments.pipeKeyValueList(List.of(
                KeyValue.pair("apples", "0"),
                KeyValue.pair("", "5"),
                KeyValue.pair(null, "5"),
                KeyValue.pair("tab\there", "5"),
                KeyValue.pair("x".repeat(257), "5"),
                KeyValue.pair("apples", null),
                KeyValue.pair("apples", "4")));

        assertThat(counts()).containsExactlyEntriesOf(Map.of("apples", 4L));
        List<TestRecord<String, String>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key)
                .containsExactly("apples", "", null, "tab\there", "x".repeat(257), "apples");
        assertThat(dead).extracting(TestRecord::value).containsExactly("0", "5", "5", "5", "5", null);
        assertThat(dead).extracting(record -> header(record, DeadLetters.ERROR_HEADER)).containsExactly(
                "the delta is zero",
                "the key is empty",
                "the record has no key",
                "the key contains a control character",
                "the key is 257 UTF-8 bytes long; at most 256 are allowed",
                "the record has no value");
    }

    @Test
    void aDeadLetterKeepsItsOwnHeadersAndReplacesStaleTallyOnes() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        // As if an operator replayed an earlier dead letter: it carries the old reason and origin.
        headers.add(DeadLetters.ERROR_HEADER, "old reason".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.OFFSET_HEADER, "99".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.TOPIC_HEADER, "elsewhere".getBytes(StandardCharsets.UTF_8));
        increments.pipeInput(new TestRecord<>("apples", "NaN", headers));

        TestRecord<String, String> dead = deadLetters.readRecord();
        assertThat(header(dead, "trace")).isEqualTo("abc");
        assertThat(dead.headers().headers(DeadLetters.ERROR_HEADER)).hasSize(1);
        assertThat(header(dead, DeadLetters.ERROR_HEADER)).contains("not a 64-bit integer");
        assertThat(dead.headers().headers(DeadLetters.OFFSET_HEADER)).hasSize(1);
        assertThat(header(dead, DeadLetters.OFFSET_HEADER)).isEqualTo("0");
        assertThat(dead.headers().headers(DeadLetters.TOPIC_HEADER)).hasSize(1);
        assertThat(header(dead, DeadLetters.TOPIC_HEADER)).isEqualTo(Topics.INCREMENTS);
    }

    private Map<String, Long> counts() {
        return fixture.counts();
    }

    private static String header(TestRecord<String, String> record, String name) {
        return TopologyFixture.header(record, name);
    }
}
