package dev.tally.compose.external;

import dev.tally.compose.stack.StateFile;
import dev.tally.domain.KafkaClientConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A Kafka cluster that tally did not start ({@code bin/tally up --kafka HOST:PORT[,…]}), remembered
 * in the stack home so that later commands start only processors and API replicas against it, and
 * {@code down} and {@code status} leave its brokers alone.
 *
 * @param bootstrapServers        the brokers to bootstrap from, as given to {@code --kafka}
 * @param clientConfigFile        {@code --kafka-config}: Kafka client properties (SASL, TLS), null when none
 * @param minSessionTimeoutMs     the brokers' {@code group.min.session.timeout.ms} as last read, 0 when unknown
 */
public record ExternalKafka(String bootstrapServers, Path clientConfigFile, int minSessionTimeoutMs) {

    /** What the processors ask for unless told otherwise (ProcessorConfig's SESSION_TIMEOUT_MS default). */
    static final int PROCESSOR_SESSION_TIMEOUT_MS = 3_000;
    private static final String SESSION_TIMEOUT = "SESSION_TIMEOUT_MS";
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+):([0-9]{1,5})");

    public ExternalKafka {
        bootstrapServers = bootstrapServers.strip();
        for (String server : bootstrapServers.split(",", -1)) {
            var match = HOST_PORT.matcher(server.strip());
            if (!match.matches() || Integer.parseInt(match.group(2)) < 1 || Integer.parseInt(match.group(2)) > 65535) {
                throw new IllegalArgumentException("--kafka takes HOST:PORT[,HOST:PORT…] of the cluster's brokers, got \""
                        + bootstrapServers + "\"");
            }
        }
        clientConfigFile = clientConfigFile == null ? null : clientConfigFile.toAbsolutePath().normalize();
    }

    public ExternalKafka(String bootstrapServers, Path clientConfigFile) {
        this(bootstrapServers, clientConfigFile, 0);
    }

    public ExternalKafka withMinSessionTimeoutMs(int millis) {
        return new ExternalKafka(bootstrapServers, clientConfigFile, millis);
    }

    /** The client properties file's entries; read now, so a missing file is one line naming the flag. */
    public KafkaClientConfig clientConfig() {
        return clientConfigFile == null ? KafkaClientConfig.NONE : KafkaClientConfig.read(clientConfigFile, "--kafka-config");
    }

    /** The launcher's own admin client for the cluster: the same security settings the services get. */
    public Admin admin() {
        return Admin.create(clientConfig().under(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "tally-launcher",
                // An unreachable cluster is one clear line after seconds, not a minute of retries.
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)));
    }

    /**
     * How the processors and API replicas reach the cluster: its brokers and the client properties file.
     * A processor asks for a session timeout the brokers accept: their minimum when it is above
     * the processors' default and {@code SESSION_TIMEOUT_MS} was not set by the user.
     *
     * @param userSettings what the user set for the services (exported or given to the launcher)
     */
    public Map<String, String> serviceEnvironment(boolean processor, Map<String, String> userSettings) {
        Map<String, String> environment = new HashMap<>();
        environment.put("BOOTSTRAP_SERVERS", bootstrapServers);
        if (clientConfigFile != null) {
            environment.put(KafkaClientConfig.VARIABLE, clientConfigFile.toString());
        }
        if (processor && minSessionTimeoutMs > PROCESSOR_SESSION_TIMEOUT_MS && !userSettings.containsKey(SESSION_TIMEOUT)) {
            environment.put(SESSION_TIMEOUT, Integer.toString(minSessionTimeoutMs));
        }
        return environment;
    }

    public void save(Path file) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        if (clientConfigFile != null) {
            p.setProperty("client.config.file", clientConfigFile.toString());
        }
        p.setProperty("group.min.session.timeout.ms", Integer.toString(minSessionTimeoutMs));
        StateFile.write(file, p, "the Kafka cluster this stack runs against; tally did not start it and never stops it");
    }

    public static Optional<ExternalKafka> load(Path file) {
        return StateFile.read(file).map(ExternalKafka::of);
    }

    private static ExternalKafka of(Properties p) {
        String config = p.getProperty("client.config.file");
        return new ExternalKafka(p.getProperty("bootstrap.servers"), config == null ? null : Path.of(config),
                Integer.parseInt(p.getProperty("group.min.session.timeout.ms", "0").strip()));
    }
}
