package dev.tally.processor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.wire.ProcessorHealth;
import dev.tally.processor.ProcessorConfig;
import dev.tally.processor.ProcessorMetrics;
import dev.tally.processor.StreamsSettings;
import dev.tally.processor.topology.CounterTopology;
import dev.tally.server.Env;
import dev.tally.server.http.ApiException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refusals of {@link LocalStoreReader} on a Kafka Streams instance that has no partitions (not
 * started: no broker is needed). Reads of a running instance need a cluster and belong in an
 * integration test.
 */
class LocalStoreReaderTest {

    @TempDir
    Path stateDir;

    private KafkaStreams streams;
    private LocalStoreReader reader;

    @BeforeEach
    void createStreams() {
        ProcessorConfig config = ProcessorConfig.fromEnv(new Env(Map.of(
                "BOOTSTRAP_SERVERS", "127.0.0.1:1", "PROCESSOR_ID", "2", "STATE_DIR", stateDir.toString())));
        streams = new KafkaStreams(CounterTopology.build(config, new ProcessorMetrics()), StreamsSettings.from(config));
        reader = new LocalStoreReader(streams, config, () -> 6);
    }

    @AfterEach
    void closeStreams() {
        streams.close(Duration.ofSeconds(10));
    }

    @Test
    void healthReportsTheStreamsState() {
        assertThat(reader.health()).isEqualTo(new ProcessorHealth("processor-2", "CREATED"));
    }

    @Test
    void aLookupBeforeTheStoreIsQueryableIsA503() {
        assertThatThrownBy(() -> reader.lookup("apples"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.error()).isEqualTo("store_unavailable");
                    assertThat(e.getMessage()).contains("processor-2");
                });
    }

    @Test
    void theNullPointerExceptionOfAStoreBeingRegisteredIsA503AndOneOfOurOwnIsNot() {
        NullPointerException registering = new NullPointerException("Expected store not to be null at this point.");
        registering.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.apache.kafka.streams.state.internals.StreamThreadStateStoreProvider",
                        "validateAndCastStores", "StreamThreadStateStoreProvider.java", 101)});
        assertThatThrownBy(() -> reader.read(() -> {
            throw registering;
        })).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));

        NullPointerException ours = new NullPointerException("a bug of ours");
        assertThatThrownBy(() -> reader.read(() -> {
            throw ours;
        })).isSameAs(ours);
    }

    @Test
    void routingWithoutGroupMetadataIsA503() {
        assertThatThrownBy(() -> reader.routing())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.error()).isEqualTo("metadata_unavailable");
                });
    }

    @Test
    void dumpingAPartitionNotHostedHereIsA409AndOneTheTopicLacksIsA400() {
        assertThat(reader.activePartitions()).isEmpty();
        assertThat(reader.dump(List.of()).partitions()).isEmpty();
        assertThatThrownBy(() -> reader.dump(List.of(0)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.error()).isEqualTo("not_hosted");
                    assertThat(e.getMessage()).contains("partition 0").contains("processor-2");
                });
        assertThatThrownBy(() -> reader.dump(List.of(6)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("invalid_partitions");
                });
    }
}
