package dev.tally.domain;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Extra Kafka client settings for a cluster that needs them (SASL, TLS, …), read from a properties
 * file: the services' {@code KAFKA_CONFIG_FILE} (default none), the launcher's {@code --kafka-config},
 * as Kafka's own tools take
 * {@code --command-config}. Every Kafka client of a process (producers, consumers, admin clients,
 * Kafka Streams) gets them; where tally sets a key itself (acks, idempotence, the processing
 * guarantee, …) tally's value stands, because the delivery guarantees depend on it.
 *
 * @param file       the file they came from, null when none is configured
 * @param properties the file's entries, empty when none is configured
 */
public record KafkaClientConfig(Path file, Map<String, String> properties) {

    public static final String VARIABLE = "KAFKA_CONFIG_FILE";

    public static final KafkaClientConfig NONE = new KafkaClientConfig(null, Map.of());

    public KafkaClientConfig {
        properties = Map.copyOf(properties);
    }

    /**
     * @param file the value of {@value #VARIABLE}, null or blank when unset
     * @throws IllegalArgumentException naming {@value #VARIABLE} when its file cannot be read
     */
    public static KafkaClientConfig ofVariable(String file) {
        return file == null || file.isBlank() ? NONE : read(Path.of(file.strip()), VARIABLE);
    }

    /**
     * @param origin what named the file (a variable, a flag), for the message when it cannot be read
     * @throws IllegalArgumentException when the file is missing or not a properties file
     */
    public static KafkaClientConfig read(Path file, String origin) {
        Properties loaded = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            loaded.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": cannot read Kafka client properties from " + file + ": " + e.getMessage());
        }
        Map<String, String> entries = new TreeMap<>();
        loaded.stringPropertyNames().forEach(name -> entries.put(name, loaded.getProperty(name).strip()));
        return new KafkaClientConfig(file.toAbsolutePath(), entries);
    }

    /** A client's configuration: this file's entries under tally's own settings, which win. */
    public Map<String, Object> under(Map<String, ?> tallySettings) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putAll(tallySettings);
        return all;
    }

    /** Adds this file's entries to a client's configuration, keeping every key already set there. */
    public void addTo(Properties clientConfig) {
        properties.forEach(clientConfig::putIfAbsent);
    }
}
