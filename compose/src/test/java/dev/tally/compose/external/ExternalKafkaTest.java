package dev.tally.compose.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.compose.stack.StackException;
import dev.tally.compose.stack.StackHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalKafkaTest {

    @TempDir
    Path dir;

    @Test
    void kafkaTakesHostPortPairs() {
        assertThat(new ExternalKafka(" kafka-1.corp:9092,10.0.0.2:9093,[::1]:9094 ", null).bootstrapServers())
                .isEqualTo("kafka-1.corp:9092,10.0.0.2:9093,[::1]:9094");
        for (String wrong : new String[]{"kafka-1", "kafka-1:", "kafka-1:99999", "k:9092,,k2:9092", "http://k:9092"}) {
            assertThatThrownBy(() -> new ExternalKafka(wrong, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--kafka takes HOST:PORT[,HOST:PORT…] of the cluster's brokers, got \"" + wrong + "\"");
        }
    }

    @Test
    void theStackHomeRemembersTheCluster() {
        StackHome home = new StackHome(dir);
        ExternalKafka kafka = new ExternalKafka("k1:9092,k2:9092", dir.resolve("client.properties"), 6000);

        kafka.save(home.externalKafka());

        assertThat(ExternalKafka.load(home.externalKafka())).contains(kafka);
        assertThat(ExternalKafka.load(dir.resolve("elsewhere.properties"))).isEmpty();
    }

    @Test
    void theServicesGetTheBrokersTheClientPropertiesAndASessionTimeoutTheBrokersAccept() {
        ExternalKafka kafka = new ExternalKafka("k1:9092", dir.resolve("client.properties"), 6000);

        assertThat(kafka.serviceEnvironment(true, Map.of())).isEqualTo(Map.of("BOOTSTRAP_SERVERS", "k1:9092",
                "KAFKA_CONFIG_FILE", dir.resolve("client.properties").toString(), "SESSION_TIMEOUT_MS", "6000"));
        assertThat(kafka.serviceEnvironment(false, Map.of())).doesNotContainKey("SESSION_TIMEOUT_MS");
        assertThat(kafka.serviceEnvironment(true, Map.of("SESSION_TIMEOUT_MS", "10000"))).doesNotContainKey("SESSION_TIMEOUT_MS");
        assertThat(new ExternalKafka("k1:9092", null, 2000).serviceEnvironment(true, Map.of()))
                .isEqualTo(Map.of("BOOTSTRAP_SERVERS", "k1:9092"));
    }

    @Test
    void aMissingClientPropertiesFileIsOneLineNamingTheFlag() {
        ExternalKafka kafka = new ExternalKafka("k1:9092", dir.resolve("missing.properties"));

        assertThatThrownBy(kafka::clientConfig).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--kafka-config: cannot read Kafka client properties from " + dir.resolve("missing.properties"));
    }

    @Test
    void aHomeWithItsOwnBrokersOrAnotherClusterIsNotRepointed() throws Exception {
        StackHome own = new StackHome(dir.resolve("own"));
        Files.createDirectories(own.brokerData(1));
        assertThatThrownBy(() -> ExternalKafkaSetup.remember(own, new ExternalKafka("k1:9092", null)))
                .isInstanceOf(StackException.class).hasMessageContaining("runs its own brokers");

        StackHome external = new StackHome(dir.resolve("external"));
        ExternalKafkaSetup.remember(external, new ExternalKafka("k1:9092", null));
        ExternalKafkaSetup.remember(external, new ExternalKafka("k1:9092", null));
        assertThatThrownBy(() -> ExternalKafkaSetup.remember(external, new ExternalKafka("k2:9092", null)))
                .isInstanceOf(StackException.class).hasMessageContaining("runs against Kafka at k1:9092");
        assertThat(ExternalKafka.load(external.externalKafka()).orElseThrow().bootstrapServers()).isEqualTo("k1:9092");
    }
}
