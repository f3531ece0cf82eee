package dev.tally.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.Topics;
import dev.tally.processor.ProcessorMetrics;
import dev.tally.processor.store.CounterState;
import dev.tally.processor.store.IdempotencyEntry;
import dev.tally.processor.history.TopKeyPeriods;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** Re-reading the increments topic from an earlier offset, as after a reset of the group's offsets, counts nothing twice. */
class ReplayTest {

    private final ProcessorMetrics metrics = new ProcessorMetrics();
    private final MockProcessorContext<String, String> context = new MockProcessorContext<>();
    private final KeyValueStore<String, CounterState> counts = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(Topics.COUNTS_STORE), Serdes.String(), CounterState.serde()).withLoggingDisabled().build();
    private final KeyValueStore<String, IdempotencyEntry> idempotency = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(Deduplicator.STORE), Serdes.String(), IdempotencyEntry.serde()).withLoggingDisabled().build();
    private final CountApplier applier = new CountApplier(metrics, new StaleReporter(10, metrics), new DuplicateReporter(metrics),
            Duration.ofDays(1), List.of());
    private final KeyValueStore<String, String> topKeys = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(TopKeyPeriods.STORE), Serdes.String(), Serdes.String()).withLoggingDisabled().build();

    ReplayTest() {
        counts.init(context.getStateStoreContext(), counts);
        idempotency.init(context.getStateStoreContext(), idempotency);
        context.addStateStore(counts);
        context.addStateStore(idempotency);
        topKeys.init(context.getStateStoreContext(), topKeys);
        context.addStateStore(topKeys);
        context.setCurrentSystemTimeMs(0);
        applier.init(context);
    }

    private void deliver(String key, String delta, long offset) {
        context.setRecordMetadata(Topics.INCREMENTS, 0, offset);
        applier.process(new Record<>(key, delta, 0L));
    }

    @Test
    void recordsAtOrBelowAKeysPositionAreNotAppliedAgain() {
        deliver("a", "5", 0);
        deliver("b", "1", 1);
        deliver("a", "2", 2);
        // The group's offsets reset to the start: every record comes again, then a new one.
        deliver("a", "5", 0);
        deliver("b", "1", 1);
        deliver("a", "2", 2);
        deliver("a", "10", 3);

        assertThat(counts.get("a").count()).isEqualTo(17);
        assertThat(counts.get("b").count()).isEqualTo(1);
        assertThat(counts.get("a").applied().main()).isEqualTo(3);
        assertThat(metrics.applied()).isEqualTo(4);
    }
}
