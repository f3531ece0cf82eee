package dev.tally.deploy;

import static dev.tally.deploy.YamlDocuments.at;
import static dev.tally.deploy.YamlDocuments.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.api.ApiProbes;
import dev.tally.compose.kafka.BrokerProperties;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import dev.tally.processor.http.ProcessorProbes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * compose/docker/docker-compose.yml against the launcher's own settings: the same broker and
 * controller properties, topics, stack shape, and only variables the services read; and
 * {@code docker-compose config} accepts it.
 */
class DockerComposeFileTest {

    private static final Path FILE = YamlDocuments.root().resolve("compose/docker/docker-compose.yml");
    private static final StackSpec SPEC = StackSpec.DEFAULT;
    /** Where each node listens, keeps its data and finds the quorum: container names and paths instead of 127.0.0.1 and the stack home. */
    private static final Set<String> PER_HOST = Set.of("listeners", "advertised.listeners", "log.dirs", "controller.quorum.voters");

    private final Map<String, Object> services = services();

    private static Map<String, Object> services() {
        try {
            return at(YamlDocuments.load(FILE), "services");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, String> environment(String service) {
        Map<String, Object> raw = at(services, service, "environment");
        Map<String, String> environment = new TreeMap<>();
        raw.forEach((name, value) -> environment.put(name, text(value)));
        return environment;
    }

    /** The apache/kafka image turns KAFKA_FOO_BAR into foo.bar. */
    private static Map<String, String> asImageEnvironment(Map<String, String> properties) {
        Map<String, String> environment = new TreeMap<>();
        properties.forEach((name, value) -> {
            if (!PER_HOST.contains(name)) {
                environment.put("KAFKA_" + name.toUpperCase(Locale.ROOT).replace('.', '_'), value);
            }
        });
        return environment;
    }

    @Test
    void everyBrokerCarriesTheLaunchersBrokerProperties() {
        assertThat(services).containsKeys("broker-1", "broker-2", "broker-3").doesNotContainKey("broker-4");
        for (int node = 1; node <= SPEC.brokers(); node++) {
            Map<String, String> expected = asImageEnvironment(BrokerProperties.forBroker(SPEC, new StackHome(Path.of("/unused")), node));
            assertThat(environment("broker-" + node)).as("broker-" + node).containsAllEntriesOf(expected);
            assertThat(environment("broker-" + node)).containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://broker-" + node + ":9092");
        }
    }

    @Test
    void everyControllerCarriesTheLaunchersControllerPropertiesAndTheQuorumNamesThemAll() {
        String voters = environment("controller-1").get("KAFKA_CONTROLLER_QUORUM_VOTERS");
        assertThat(voters.split(",")).hasSize(SPEC.controllers());
        for (int controller = 1; controller <= SPEC.controllers(); controller++) {
            Map<String, String> expected = asImageEnvironment(BrokerProperties.forController(SPEC, new StackHome(Path.of("/unused")), controller));
            assertThat(environment("controller-" + controller)).as("controller-" + controller).containsAllEntriesOf(expected);
            assertThat(voters).contains((BrokerProperties.CONTROLLER_NODE_BASE + controller) + "@controller-" + controller + ":9093");
        }
    }

    @Test
    void theTopicsAreMadeAsTheLauncherMakesThem() {
        List<String> command = at(services, "topics", "command");
        TopicCommands.assertLikeTheLauncher(TopicCommands.parse(String.join("\n", command), Map.of()));
    }

    @Test
    void theProcessorsAreTheDefaultStacksAndReadOnlyVariablesTheyKnow() {
        Set<String> known = ServiceVariables.processor();
        for (int id = 1; id <= SPEC.processors(); id++) {
            Map<String, String> environment = environment("processor-" + id);
            assertThat(known).as("variables ProcessorConfig reads").containsAll(environment.keySet());
            assertThat(environment).containsEntry("PROCESSOR_ID", Integer.toString(id))
                    .containsEntry("NUM_STANDBY_REPLICAS", Integer.toString(SPEC.standbys()))
                    .containsEntry("REPLICATION_FACTOR", Integer.toString(SPEC.replicationFactor()))
                    .containsEntry("MIN_INSYNC_REPLICAS", Integer.toString(SPEC.minInsyncReplicas()))
                    .containsEntry("BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092,broker-3:9092");
            String healthcheck = String.join(" ", YamlDocuments.<List<String>>at(services, "processor-" + id, "healthcheck", "test"));
            assertThat(healthcheck).contains("/" + environment.get("PROCESSOR_PORT") + " ").contains(ProcessorProbes.READY);
        }
        assertThat(services).doesNotContainKey("processor-" + (SPEC.processors() + 1));
    }

    @Test
    void theApiReadsOnlyVariablesItKnowsAndFindsTheProcessorsWhereTheyListen() {
        Map<String, String> environment = environment("api");
        assertThat(ServiceVariables.api()).as("variables ApiServerConfig reads").containsAll(environment.keySet());
        assertThat(environment).containsEntry("PORT", Integer.toString(SPEC.apiPort()));
        assertThat(YamlDocuments.<List<String>>at(services, "api", "ports")).isEqualTo(List.of("127.0.0.1:" + SPEC.apiPort() + ":" + SPEC.apiPort()));
        assertThat(environment.get("PROCESSOR_URLS")).isEqualTo("http://processor-1:" + environment("processor-1").get("PROCESSOR_PORT")
                + ",http://processor-2:" + environment("processor-2").get("PROCESSOR_PORT"));
        assertThat(String.join(" ", YamlDocuments.<List<String>>at(services, "api", "healthcheck", "test")))
                .contains("/" + SPEC.apiPort() + " ").contains(ApiProbes.READY);
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/docker-compose"));
        // CI installs Debian's docker-compose (.ci/run) and sets this, so there a missing tool fails the build.
        if (System.getenv("TALLY_REQUIRE_DOCKER_COMPOSE") == null) {
            assumeTrue(installed, "docker-compose is not installed (apt-get install -y docker-compose)");
        }
        Process check = new ProcessBuilder("docker-compose", "-f", FILE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as("docker-compose config: " + output).isZero();
    }
}
