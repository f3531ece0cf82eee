package dev.tally.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.server.Env;
import java.util.List;
import dev.tally.domain.KafkaClientConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

    @Test
    void defaultsDescribeProcessorOneOnTheLocalStack() {
        ProcessorConfig config = ProcessorConfig.fromEnv(new Env(Map.of()));

        assertThat(config).isEqualTo(new ProcessorConfig(
                "127.0.0.1:9092", 1, "127.0.0.1", 8101, "./.tally/state/processor-1", 1, 3, 2, 1, 3_000, 5_000, 100, 50, 10, 100, 86_400, "high-availability", null, "127.0.0.1:8101", List.of(), 64, KafkaClientConfig.NONE));
        assertThat(config.instanceName()).isEqualTo("processor-1");
        assertThat(config.endpoint()).isEqualTo("127.0.0.1:8101");
    }

    @Test
    void theIdMovesThePortAndTheStateDirectory() {
        ProcessorConfig config = ProcessorConfig.fromEnv(new Env(Map.of("PROCESSOR_ID", "3")));

        assertThat(config.instanceName()).isEqualTo("processor-3");
        assertThat(config.port()).isEqualTo(8103);
        assertThat(config.stateDir()).isEqualTo("./.tally/state/processor-3");
    }

    @Test
    void everyVariableOverridesItsDefault() {
        ProcessorConfig config = ProcessorConfig.fromEnv(new Env(Map.ofEntries(
                Map.entry("BOOTSTRAP_SERVERS", "k1:9092,k2:9092"),
                Map.entry("PROCESSOR_ID", "2"),
                Map.entry("PROCESSOR_HOST", "10.0.0.7"),
                Map.entry("PROCESSOR_PORT", " 9000 "),
                Map.entry("STATE_DIR", "/var/lib/tally/p2"),
                Map.entry("NUM_STANDBY_REPLICAS", "0"),
                Map.entry("REPLICATION_FACTOR", "5"),
                Map.entry("MIN_INSYNC_REPLICAS", "3"),
                Map.entry("WORKER_COUNT", "4"),
                Map.entry("SESSION_TIMEOUT_MS", "6000"),
                Map.entry("TRANSACTION_TIMEOUT_MS", "4000"),
                Map.entry("COMMIT_INTERVAL_MS", "250"),
                Map.entry("FETCH_MAX_WAIT_MS", "20"),
                Map.entry("STALE_THRESHOLD_SEC", "30"),
                Map.entry("EXCESS_FLUSH_MS", "500"),
                Map.entry("IDEMPOTENCY_RETENTION_SEC", "3600"),
                Map.entry("TASK_ASSIGNOR", "Sticky"),
                Map.entry("ROCKSDB_MEMORY_MB", "256"))));

        assertThat(config).isEqualTo(new ProcessorConfig(
                "k1:9092,k2:9092", 2, "10.0.0.7", 9000, "/var/lib/tally/p2", 0, 5, 3, 4, 6000, 4000, 250, 20, 30, 500, 3600, "sticky", null, "10.0.0.7:9000", List.of(), 256, KafkaClientConfig.NONE));
        assertThat(config.endpoint()).isEqualTo("10.0.0.7:9000");
    }

    @Test
    void theAdvertisedAddressIsWhereOthersReachTheInstanceNotWhereItBinds() {
        ProcessorConfig config = ProcessorConfig.fromEnv(new Env(Map.of("PROCESSOR_HOST", "0.0.0.0", "PROCESSOR_PORT", "9000",
                "PROCESSOR_ADVERTISED_ADDRESS", "10.0.0.7:8101")));

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.endpoint()).isEqualTo("10.0.0.7:8101");
    }

    @Test
    void bindingEveryInterfaceWithoutAnAdvertisedAddressIsRefused() {
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("PROCESSOR_HOST", "0.0.0.0"))))
                .hasMessageContaining("PROCESSOR_ADVERTISED_ADDRESS");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("PROCESSOR_ADVERTISED_ADDRESS", "10.0.0.7"))))
                .hasMessageContaining("PROCESSOR_ADVERTISED_ADDRESS must be host:port");
    }

    @Test
    void aTransactionTimeoutNoLongerThanTheCommitIntervalIsRefused() {
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("TRANSACTION_TIMEOUT_MS", "500", "COMMIT_INTERVAL_MS", "500"))))
                .hasMessageContaining("TRANSACTION_TIMEOUT_MS (500) must be longer than COMMIT_INTERVAL_MS (500)");
    }

    @Test
    void anUnknownTaskAssignorIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("TASK_ASSIGNOR", "modulo"))))
                .hasMessage("TASK_ASSIGNOR must be one of high-availability, sticky, got \"modulo\"");
    }

    @Test
    void minInsyncReplicasIsClampedToTheReplicationFactor() {
        assertThat(ProcessorConfig.fromEnv(new Env(Map.of("REPLICATION_FACTOR", "1"))).minInsyncReplicas()).isEqualTo(1);
        assertThat(ProcessorConfig.fromEnv(new Env(Map.of("REPLICATION_FACTOR", "2", "MIN_INSYNC_REPLICAS", "3")))
                .minInsyncReplicas()).isEqualTo(2);
    }

    @Test
    void aWrongValueNamesItsVariable() {
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("PROCESSOR_ID", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PROCESSOR_ID");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("PROCESSOR_PORT", "http"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PROCESSOR_PORT");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("PROCESSOR_PORT", "70000"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PROCESSOR_PORT");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("WORKER_COUNT", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WORKER_COUNT");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("NUM_STANDBY_REPLICAS", "-1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUM_STANDBY_REPLICAS");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("SESSION_TIMEOUT_MS", "10s"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SESSION_TIMEOUT_MS");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("COMMIT_INTERVAL_MS", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("COMMIT_INTERVAL_MS");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("STALE_THRESHOLD_SEC", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STALE_THRESHOLD_SEC");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("STALE_THRESHOLD_SEC", "10s"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STALE_THRESHOLD_SEC");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("EXCESS_FLUSH_MS", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EXCESS_FLUSH_MS");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("EXCESS_FLUSH_MS", "60001"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EXCESS_FLUSH_MS");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("IDEMPOTENCY_RETENTION_SEC", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IDEMPOTENCY_RETENTION_SEC");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("IDEMPOTENCY_RETENTION_SEC", "1d"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IDEMPOTENCY_RETENTION_SEC");
    }

    @Test
    void aRecordBuiltByHandCannotAskForMoreInsyncReplicasThanReplicas() {
        assertThatThrownBy(() -> new ProcessorConfig("b:1", 1, "h", 1, "d", 1, 1, 2, 1, 10_000, 2_000, 100, 50, 10, 100, 86_400, "high-availability", null, "h:1", List.of(), 64, KafkaClientConfig.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MIN_INSYNC_REPLICAS");
    }
}
