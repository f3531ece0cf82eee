package dev.tally.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.Env;
import dev.tally.common.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterTopologyTest {

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> increments;
    private TestOutputTopic<String, String> deadLetters;

    @BeforeEach
    void startDriver() {
        // The production settings (EOS, RocksDB state dir, serdes), pointed at a temporary directory.
        ProcessorConfig config = ProcessorConfig.fromEnv(new Env(Map.of("STATE_DIR", stateDir.toString())));
        Properties props = StreamsSettings.from(config);
        driver = new TopologyTestDriver(CounterTopology.build(), props);
        increments = driver.createInputTopic(Topics.INCREMENTS, Serdes.String().serializer(), Serdes.String().serializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.String().deserializer(), Serdes.String().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
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
        assertThat(header(dead, CountApplier.ERROR_HEADER)).contains("not a 64-bit integer").contains("one");
        assertThat(header(dead, CountApplier.PARTITION_HEADER)).isEqualTo("0");
        assertThat(header(dead, CountApplier.OFFSET_HEADER)).isEqualTo("1");
        assertThat(deadLetters.isEmpty()).isTrue();
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
        assertThat(dead).extracting(record -> header(record, CountApplier.ERROR_HEADER))
                .containsExactly(CountApplier.OVERFLOW, CountApplier.OVERFLOW);
        assertThat(dead).extracting(record -> header(record, CountApplier.OFFSET_HEADER)).containsExactly("1", "3");

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
        assertThat(dead).extracting(record -> header(record, CountApplier.ERROR_HEADER)).containsExactly(
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
        headers.add(CountApplier.ERROR_HEADER, "old reason".getBytes(StandardCharsets.UTF_8));
        headers.add(CountApplier.OFFSET_HEADER, "99".getBytes(StandardCharsets.UTF_8));
        increments.pipeInput(new TestRecord<>("apples", "NaN", headers));

        TestRecord<String, String> dead = deadLetters.readRecord();
        assertThat(header(dead, "trace")).isEqualTo("abc");
        assertThat(dead.headers().headers(CountApplier.ERROR_HEADER)).hasSize(1);
        assertThat(header(dead, CountApplier.ERROR_HEADER)).contains("not a 64-bit integer");
        assertThat(dead.headers().headers(CountApplier.OFFSET_HEADER)).hasSize(1);
        assertThat(header(dead, CountApplier.OFFSET_HEADER)).isEqualTo("0");
    }

    private Map<String, Long> counts() {
        KeyValueStore<String, Long> store = driver.getKeyValueStore(Topics.COUNTS_STORE);
        Map<String, Long> all = new HashMap<>();
        try (KeyValueIterator<String, Long> iterator = store.all()) {
            iterator.forEachRemaining(entry -> all.put(entry.key, entry.value));
        }
        return all;
    }

    private static String header(TestRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
