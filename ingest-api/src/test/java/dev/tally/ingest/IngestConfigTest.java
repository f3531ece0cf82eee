package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.server.Env;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    @Test
    void defaultsReachTheLocalClusterAndOutlastAFailover() {
        IngestConfig config = IngestConfig.fromEnv(new Env(Map.of()));

        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.produceTimeout()).isEqualTo(Duration.ofMillis(15_000));
        assertThat(config.linger()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void environmentVariablesOverrideTheDefaults() {
        IngestConfig config = IngestConfig.fromEnv(new Env(Map.of(
                "BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092",
                "PRODUCE_TIMEOUT_MS", "30000",
                "LINGER_MS", "0")));

        assertThat(config.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(config.produceTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.linger()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aWrongValueNamesTheVariable() {
        assertThatThrownBy(() -> IngestConfig.fromEnv(new Env(Map.of("PRODUCE_TIMEOUT_MS", "soon"))))
                .hasMessageContaining("PRODUCE_TIMEOUT_MS");
    }

    @Test
    void compressionIsOneOfKafkasCodecs() {
        var zstd = IncrementLog.producerConfig(IngestConfig.fromEnv(new Env(Map.of("COMPRESSION", "zstd"))));

        assertThat(zstd.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("zstd");
        assertThatThrownBy(() -> IngestConfig.fromEnv(new Env(Map.of("COMPRESSION", "brotli"))))
                .hasMessageContaining("COMPRESSION");
    }

    @Test
    void theProducerIsDurableIdempotentAndItsTimeoutsAreConsistent() {
        var props = IncrementLog.producerConfig(IngestConfig.fromEnv(new Env(Map.of())));

        assertThat(props.get(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
        assertThat(props.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo(true);
        assertThat(props.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("none");
        int delivery = (int) props.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        int request = (int) props.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        int linger = (int) props.get(ProducerConfig.LINGER_MS_CONFIG);
        assertThat(delivery).isEqualTo(15_000);
        // KafkaProducer refuses to start unless delivery.timeout.ms >= linger.ms + request.timeout.ms.
        assertThat(request).isPositive().isLessThan(delivery);
        assertThat(linger + request).isLessThanOrEqualTo(delivery);
    }

    @Test
    void bothProducersCarryTheClusterSecuritySettingsButKeepTheirAcks() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("client", ".properties");
        java.nio.file.Files.writeString(file, "security.protocol=SSL\nacks=0\n");
        try {
            IngestConfig config = IngestConfig.fromEnv(new Env(Map.of("KAFKA_CONFIG_FILE", file.toString())));

            assertThat(IncrementLog.producerConfig(config)).containsEntry("security.protocol", "SSL").containsEntry("acks", "all");
            assertThat(IncrementLog.leaderOnlyConfig(config)).containsEntry("security.protocol", "SSL").containsEntry("acks", "1");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void aRealKafkaProducerAcceptsTheConfigurationWithoutABroker() {
        // KafkaProducer validates its configuration (timeouts, idempotence prerequisites) when built.
        IngestConfig config = IngestConfig.fromEnv(new Env(Map.of("BOOTSTRAP_SERVERS", "127.0.0.1:1", "LINGER_MS", "100",
                "PRODUCE_TIMEOUT_MS", "1000")));
        try (IncrementLog log = IncrementLog.connect(config, Runnable::run, new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            assertThat(log).isNotNull();
        }
    }
}
