package dev.tally.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.server.Env;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    private final ProcessorConfig config = ProcessorConfig.fromEnv(new Env(Map.of(
            "PROCESSOR_ID", "2", "SESSION_TIMEOUT_MS", "9000", "REPLICATION_FACTOR", "3", "MIN_INSYNC_REPLICAS", "2",
            "NUM_STANDBY_REPLICAS", "1", "WORKER_COUNT", "2", "STATE_DIR", "/tmp/p2")));

    @Test
    void theSettingsCarryTheConfiguration() {
        Properties props = StreamsSettings.from(config);

        assertThat(props).containsEntry("application.id", "tally-processor")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("application.server", "127.0.0.1:8102")
                .containsEntry("num.standby.replicas", 1)
                .containsEntry("replication.factor", 3)
                .containsEntry("topic.min.insync.replicas", 2)
                .containsEntry("num.stream.threads", 2)
                .containsEntry("state.dir", "/tmp/p2")
                .containsEntry("consumer.session.timeout.ms", 9000)
                .containsEntry("consumer.heartbeat.interval.ms", 3000)
                .containsEntry("producer.transaction.timeout.ms", 5000)
                .containsEntry("commit.interval.ms", 100)
                .containsEntry("rocksdb.config.setter", dev.tally.processor.store.BoundedRocksDbMemory.class)
                .containsEntry("tally.rocksdb.memory.bytes", 64L * 1024 * 1024);
    }

    @Test
    void everyConsumerWaitsForAFullerFetchForAtMostTheConfiguredTime() {
        StreamsConfig streamsConfig = new StreamsConfig(StreamsSettings.from(ProcessorConfig.fromEnv(new Env(Map.of(
                "FETCH_MAX_WAIT_MS", "20")))));

        // The standbys' restore consumer as well as the consumer of the increments.
        for (Map<String, Object> consumer : List.of(streamsConfig.getMainConsumerConfigs("g", "c", 0),
                streamsConfig.getRestoreConsumerConfigs("c"))) {
            assertThat(consumer).containsEntry("fetch.min.bytes", 65_536).containsEntry("fetch.max.wait.ms", 20);
        }
    }

    @Test
    void theDefaultAssignorIsStreamsOwnAndStickyNamesKip924sClass() {
        assertThat(StreamsSettings.from(config)).doesNotContainKey(StreamsConfig.TASK_ASSIGNOR_CLASS_CONFIG);

        Properties sticky = StreamsSettings.from(ProcessorConfig.fromEnv(new Env(Map.of("TASK_ASSIGNOR", "sticky"))));
        assertThat(new StreamsConfig(sticky).getString(StreamsConfig.TASK_ASSIGNOR_CLASS_CONFIG))
                .isEqualTo("org.apache.kafka.streams.processor.assignment.assignors.StickyTaskAssignor");
    }

    @Test
    void theClusterSecuritySettingsReachEveryClientOfStreamsButCannotWeakenExactlyOnce() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("client", ".properties");
        java.nio.file.Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nprocessing.guarantee=at_least_once\n");
        try {
            StreamsConfig streamsConfig = new StreamsConfig(StreamsSettings.from(ProcessorConfig.fromEnv(new Env(Map.of(
                    "KAFKA_CONFIG_FILE", file.toString())))));

            assertThat(streamsConfig.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
            assertThat(streamsConfig.getMainConsumerConfigs("g", "c", 0)).containsEntry("security.protocol", "SASL_PLAINTEXT");
            assertThat(streamsConfig.getRestoreConsumerConfigs("c")).containsEntry("security.protocol", "SASL_PLAINTEXT");
            assertThat(streamsConfig.getProducerConfigs("c")).containsEntry("sasl.mechanism", "PLAIN");
            assertThat(streamsConfig.getAdminConfigs("c")).containsEntry("security.protocol", "SASL_PLAINTEXT");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void kafkaStreamsAcceptsTheSettings() {
        // StreamsConfig validates types and ranges the way KafkaStreams will at start.
        StreamsConfig streamsConfig = new StreamsConfig(StreamsSettings.from(config));

        assertThat(streamsConfig.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(streamsConfig.getMainConsumerConfigs("g", "c", 0))
                .containsEntry("session.timeout.ms", 9000)
                .containsEntry("heartbeat.interval.ms", 3000)
                .containsEntry("isolation.level", "read_committed");
        assertThat(streamsConfig.originalsWithPrefix(StreamsConfig.TOPIC_PREFIX)).containsEntry("min.insync.replicas", 2);
    }
}
