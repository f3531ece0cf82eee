package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.server.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryConfigTest {

    @Test
    void defaultsPointAtTwoLocalProcessors() {
        QueryConfig config = QueryConfig.fromEnv(new Env(Map.of()));

        assertThat(config.processorUrls()).containsExactly("http://127.0.0.1:8101", "http://127.0.0.1:8102");
        assertThat(config.processorTimeout()).isEqualTo(Duration.ofMillis(1_500));
        assertThat(config.routingRefresh()).isEqualTo(Duration.ofMillis(5_000));
        assertThat(config.readDeadline()).isEqualTo(Duration.ofMillis(3_000));
    }

    @Test
    void environmentVariablesOverrideTheDefaultsAndUrlsAreNormalized() {
        QueryConfig config = QueryConfig.fromEnv(new Env(Map.of(
                "PROCESSOR_URLS", "http://p1:8101/, p2:8102 ,http://p1:8101",
                "PROCESSOR_TIMEOUT_MS", "800",
                "ROUTING_REFRESH_MS", "2000",
                "READ_DEADLINE_MS", "5000")));

        assertThat(config.processorUrls()).containsExactly("http://p1:8101", "http://p2:8102");
        assertThat(config.processorTimeout()).isEqualTo(Duration.ofMillis(800));
        assertThat(config.routingRefresh()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.readDeadline()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void wrongValuesNameTheVariable() {
        assertThatThrownBy(() -> QueryConfig.fromEnv(new Env(Map.of("PROCESSOR_TIMEOUT_MS", "0"))))
                .hasMessageContaining("PROCESSOR_TIMEOUT_MS");
        assertThatThrownBy(() -> QueryConfig.fromEnv(new Env(Map.of("PROCESSOR_URLS", " , "))))
                .hasMessageContaining("PROCESSOR_URLS");
    }
}
