package dev.tally.processor.topology;

import dev.tally.domain.Topics;
import dev.tally.processor.ProcessorConfig;
import dev.tally.processor.ProcessorMetrics;
import dev.tally.processor.StreamsSettings;
import dev.tally.processor.store.CounterState;
import dev.tally.processor.store.IdempotencyEntry;
import dev.tally.processor.store.PendingSum;
import dev.tally.server.Env;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import dev.tally.domain.IncrementHeaders;
import dev.tally.domain.ResetRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology and settings (EOS, RocksDB, serdes) in a TopologyTestDriver, on a fixed
 * wall clock: the driver's clock and every piped record's default timestamp start at {@link #START},
 * so a record is "fresh" unless a test gives it an older timestamp, and flushes happen only when a
 * test advances the wall clock.
 */
final class TopologyFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    final ProcessorMetrics metrics = new ProcessorMetrics();
    final ProcessorConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<String, String> increments;
    final TestInputTopic<String, String> excess;
    final TestOutputTopic<String, String> deadLetters;
    /** Only what the topology writes to the increments topic: the merged hot-key sums. */
    final TestOutputTopic<String, String> merged;

    TopologyFixture(Path stateDir, Map<String, String> env) {
        Map<String, String> variables = new HashMap<>(env);
        variables.put("STATE_DIR", stateDir.toString());
        config = ProcessorConfig.fromEnv(new Env(variables));
        driver = new TopologyTestDriver(CounterTopology.build(config, metrics), StreamsSettings.from(config), START);
        increments = driver.createInputTopic(Topics.INCREMENTS,
                Serdes.String().serializer(), Serdes.String().serializer(), START, Duration.ZERO);
        excess = driver.createInputTopic(Topics.EXCESS,
                Serdes.String().serializer(), Serdes.String().serializer(), START, Duration.ZERO);
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS,
                Serdes.String().deserializer(), Serdes.String().deserializer());
        merged = driver.createOutputTopic(Topics.INCREMENTS,
                Serdes.String().deserializer(), Serdes.String().deserializer());
    }

    Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>();
        states().forEach((key, state) -> counts.put(key, state.count()));
        return counts;
    }

    /** The counts with their applied positions. */
    Map<String, CounterState> states() {
        return all(driver.getKeyValueStore(Topics.COUNTS_STORE));
    }

    /** The idempotency store, keyed by {@link Deduplicator#storeKey}. */
    Map<String, IdempotencyEntry> idempotency() {
        return all(driver.getKeyValueStore(Deduplicator.STORE));
    }

    Map<String, PendingSum> pending() {
        return all(driver.getKeyValueStore(ExcessAggregator.STORE));
    }

    /** A reset record of the key on the increments topic, with its markers' offsets as cuts. */
    void reset(String key, Map<Integer, Long> cuts, String idempotencyKey) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ResetRecords.HEADER, ResetRecords.encodeCuts(cuts).getBytes(StandardCharsets.UTF_8));
        if (idempotencyKey != null) {
            headers.add(IncrementHeaders.IDEMPOTENCY_KEY, idempotencyKey.getBytes(StandardCharsets.UTF_8));
        }
        increments.pipeInput(new TestRecord<>(key, ResetRecords.VALUE, headers));
    }

    /** A reset's marker of the key on the excess topic. */
    void marker(String key) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ResetRecords.HEADER, new byte[0]);
        excess.pipeInput(new TestRecord<>(key, ResetRecords.VALUE, headers));
    }

    /** The key's windows of one size: window start (ms) → sum. */
    Map<Long, Long> windows(String size, String key) {
        Map<Long, Long> windows = new java.util.TreeMap<>();
        WindowStore<String, Long> store = driver.getWindowStore("windows-" + size);
        try (WindowStoreIterator<Long> all = store.fetch(key, 0L, Long.MAX_VALUE)) {
            all.forEachRemaining(window -> windows.put(window.key, window.value));
        }
        return windows;
    }

    /** The top-keys snapshots, as a reading processor finds them. */
    Map<String, String> topKeySnapshots() {
        return all(driver.getKeyValueStore(dev.tally.processor.history.TopKeyPeriods.STORE));
    }

    void advanceWallClock(long millis) {
        driver.advanceWallClockTime(Duration.ofMillis(millis));
    }

    static String header(TestRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static <V> Map<String, V> all(KeyValueStore<String, V> store) {
        Map<String, V> all = new HashMap<>();
        try (KeyValueIterator<String, V> iterator = store.all()) {
            iterator.forEachRemaining(entry -> all.put(entry.key, entry.value));
        }
        return all;
    }

    @Override
    public void close() {
        driver.close();
    }
}
