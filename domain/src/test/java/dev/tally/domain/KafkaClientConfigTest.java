package dev.tally.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {

    @TempDir
    Path dir;

    @Test
    void withoutTheVariableThereIsNothingToAdd() {
        assertThat(KafkaClientConfig.ofVariable(null)).isEqualTo(KafkaClientConfig.NONE);
    }

    @Test
    void theFileIsReadAsKafkaToolsReadCommandConfig() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                # SASL over TLS, as a team's own tools use it
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="tally" password="s3cret";
                """);

        KafkaClientConfig config = KafkaClientConfig.ofVariable(file.toString());

        assertThat(config.file()).isEqualTo(file.toAbsolutePath());
        assertThat(config.properties()).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"tally\" password=\"s3cret\";");
    }

    @Test
    void tallysOwnSettingsWinOverTheFile() {
        KafkaClientConfig config = new KafkaClientConfig(null, Map.of("acks", "1", "security.protocol", "SSL"));

        assertThat(config.under(Map.of("acks", "all", "bootstrap.servers", "k:9092")))
                .containsEntry("acks", "all").containsEntry("security.protocol", "SSL").containsEntry("bootstrap.servers", "k:9092");

        Properties props = new Properties();
        props.put("acks", "all");
        config.addTo(props);
        assertThat(props).containsEntry("acks", "all").containsEntry("security.protocol", "SSL");
    }

    @Test
    void aMissingFileStopsTheProcessNamingTheVariable() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> KafkaClientConfig.ofVariable(missing.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("KAFKA_CONFIG_FILE: cannot read Kafka client properties from " + missing);
    }
}
