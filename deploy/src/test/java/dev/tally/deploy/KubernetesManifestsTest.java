package dev.tally.deploy;

import static dev.tally.deploy.YamlDocuments.at;
import static dev.tally.deploy.YamlDocuments.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.api.ApiProbes;
import dev.tally.domain.KafkaClientConfig;
import dev.tally.processor.http.ProcessorProbes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s against the code: processors as a StatefulSet with persistent state and a headless
 * service for routing, the API as a Deployment with its probes, Kafka as an external cluster given
 * by a ConfigMap and Secrets; every variable a container gets is one its configuration record reads,
 * every probe path one the process serves, every reference resolves within the manifests.
 */
class KubernetesManifestsTest {

    private final List<Map<String, Object>> manifests = load();

    private static List<Map<String, Object>> load() {
        try {
            return YamlDocuments.allIn(YamlDocuments.root().resolve("deploy/k8s"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, Object> object(String kind, String name) {
        return manifests.stream()
                .filter(m -> kind.equals(m.get("kind")) && name.equals(at(m, "metadata", "name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s"));
    }

    private Map<String, Object> container(Map<String, Object> workload) {
        List<Map<String, Object>> containers = at(workload, "spec", "template", "spec", "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** The container's environment as the process sees it: envFrom ConfigMaps, then env (values, ConfigMap keys, or a reference). */
    private Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> environment = new TreeMap<>();
        List<Map<String, Object>> from = container.containsKey("envFrom") ? at(container, "envFrom") : List.of();
        for (Map<String, Object> source : from) {
            Map<String, Object> data = at(object("ConfigMap", at(source, "configMapRef", "name")), "data");
            data.forEach((name, value) -> environment.put(name, text(value)));
        }
        List<Map<String, Object>> env = at(container, "env");
        for (Map<String, Object> variable : env) {
            String name = at(variable, "name");
            if (variable.containsKey("value")) {
                environment.put(name, text(variable.get("value")));
            } else if (at(variable, "valueFrom") instanceof Map<?, ?> ref && ref.containsKey("configMapKeyRef")) {
                Map<String, Object> data = at(object("ConfigMap", at(ref, "configMapKeyRef", "name")), "data");
                String key = at(ref, "configMapKeyRef", "key");
                assertThat(data).as("ConfigMap " + at(ref, "configMapKeyRef", "name")).containsKey(key);
                environment.put(name, text(data.get(key)));
            } else {
                environment.put(name, "<" + resolveReference(at(variable, "valueFrom")) + ">");
            }
        }
        return environment;
    }

    /** A secretKeyRef must name a key its Secret has; a fieldRef is the pod's own metadata. */
    private String resolveReference(Map<String, Object> valueFrom) {
        if (valueFrom.containsKey("secretKeyRef")) {
            String secret = at(valueFrom, "secretKeyRef", "name");
            String key = at(valueFrom, "secretKeyRef", "key");
            Map<String, Object> data = at(object("Secret", secret), "stringData");
            assertThat(data).as("Secret " + secret).containsKey(key);
            return "secret " + secret + "/" + key;
        }
        return "field " + at(valueFrom, "fieldRef", "fieldPath");
    }

    /** The variables the process reads: the pod's own helper variables (referenced as $(NAME)) aside. */
    private static Set<String> serviceVariables(Map<String, String> environment) {
        Set<String> names = new TreeSet<>(environment.keySet());
        names.removeAll(Set.of("POD_NAME", "POD_NAMESPACE"));
        return names;
    }

    private static int containerPort(Map<String, Object> container, String name) {
        List<Map<String, Object>> ports = at(container, "ports");
        return ports.stream().filter(p -> name.equals(p.get("name"))).map(p -> (Integer) p.get("containerPort"))
                .findFirst().orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    private void assertProbe(Map<String, Object> container, String probe, String path, String portName) {
        assertThat(text(at(container, probe, "httpGet", "path"))).as(probe).isEqualTo(path);
        assertThat(text(at(container, probe, "httpGet", "port"))).as(probe + " port").isEqualTo(portName);
    }

    @Test
    void processorsAreAStatefulSetWithPersistentStateBehindAHeadlessService() {
        Map<String, Object> processors = object("StatefulSet", "tally-processor");
        Map<String, Object> container = container(processors);
        Map<String, String> environment = environment(container);

        assertThat(ServiceVariables.processor()).as("variables ProcessorConfig reads").containsAll(serviceVariables(environment));
        int port = Integer.parseInt(environment.get("PROCESSOR_PORT"));
        assertThat(containerPort(container, "internal")).isEqualTo(port);
        assertProbe(container, "readinessProbe", ProcessorProbes.READY, "internal");
        assertProbe(container, "livenessProbe", ProcessorProbes.LIVE, "internal");

        // Each pod's RocksDB state on its own volume, mounted where STATE_DIR points.
        List<Map<String, Object>> claims = at(processors, "spec", "volumeClaimTemplates");
        String claim = at(claims.get(0), "metadata", "name");
        List<Map<String, Object>> mounts = at(container, "volumeMounts");
        assertThat(mounts).anySatisfy(m -> assertThat(m).containsEntry("name", claim).containsEntry("mountPath", environment.get("STATE_DIR")));

        // Routing: the headless service gives each pod the DNS name it advertises.
        String serviceName = at(processors, "spec", "serviceName");
        Map<String, Object> headless = object("Service", serviceName);
        assertThat(text(at(headless, "spec", "clusterIP"))).isEqualTo("None");
        assertThat(text(at(headless, "spec", "ports", 0, "port"))).isEqualTo(Integer.toString(port));
        assertThat((Map<String, Object>) at(headless, "spec", "selector")).isEqualTo(at(processors, "spec", "selector", "matchLabels"));
        assertThat(environment.get("PROCESSOR_HOST")).startsWith("$(POD_NAME)." + serviceName + ".$(POD_NAMESPACE).svc.");
        // PROCESSOR_ID must be 1 or more: the pod's index, counted from 1.
        assertThat(environment.get("PROCESSOR_ID")).isEqualTo("<field metadata.labels['apps.kubernetes.io/pod-index']>");
        assertThat(text(at(processors, "spec", "ordinals", "start"))).isEqualTo("1");
    }

    @Test
    void theApiIsADeploymentWithItsProbesThatFindsTheProcessorsThroughTheHeadlessService() {
        Map<String, Object> api = object("Deployment", "tally-api");
        Map<String, Object> container = container(api);
        Map<String, String> environment = environment(container);

        assertThat(ServiceVariables.api()).as("variables ApiServerConfig reads").containsAll(serviceVariables(environment));
        assertThat(environment).containsEntry("HOST", "0.0.0.0");
        assertThat(containerPort(container, "http")).isEqualTo(Integer.parseInt(environment.get("PORT")));
        assertProbe(container, "readinessProbe", ApiProbes.READY, "http");
        assertProbe(container, "livenessProbe", ApiProbes.LIVE, "http");

        Map<String, String> processorEnvironment = environment(container(object("StatefulSet", "tally-processor")));
        assertThat(environment.get("PROCESSOR_URLS")).isEqualTo("http://" + at(object("StatefulSet", "tally-processor"), "spec", "serviceName")
                + ":" + processorEnvironment.get("PROCESSOR_PORT"));
        assertThat(environment.get("INTERNAL_SECRET")).isEqualTo(processorEnvironment.get("INTERNAL_SECRET"));

        Map<String, Object> service = object("Service", "tally-api");
        assertThat((Map<String, Object>) at(service, "spec", "selector")).isEqualTo(at(api, "spec", "selector", "matchLabels"));
        assertThat(text(at(service, "spec", "ports", 0, "port"))).isEqualTo(environment.get("PORT"));
    }

    @Test
    void kafkaIsTheExternalClusterOfOneConfigMapAndItsClientPropertiesSecret() {
        for (Map<String, Object> workload : List.of(object("StatefulSet", "tally-processor"), object("Deployment", "tally-api"))) {
            Map<String, Object> container = container(workload);
            Map<String, String> environment = environment(container);
            assertThat(environment.get("BOOTSTRAP_SERVERS")).isNotBlank().doesNotContain("127.0.0.1").doesNotContain("localhost");
            // KAFKA_CONFIG_FILE names the file the client-properties Secret is mounted as.
            String file = environment.get(KafkaClientConfig.VARIABLE);
            String dir = file.substring(0, file.lastIndexOf('/'));
            List<Map<String, Object>> mounts = at(container, "volumeMounts");
            String volume = mounts.stream().filter(m -> dir.equals(m.get("mountPath"))).map(m -> (String) m.get("name"))
                    .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + dir));
            List<Map<String, Object>> volumes = at(workload, "spec", "template", "spec", "volumes");
            String secret = volumes.stream().filter(v -> volume.equals(v.get("name")))
                    .map(v -> (String) at(v, "secret", "secretName")).findFirst().orElseThrow();
            assertThat((Map<String, Object>) at(object("Secret", secret), "stringData")).containsKey(file.substring(dir.length() + 1));
        }
        // No broker runs here: Kafka's image is only the topics Job's (its tools).
        assertThat(manifests).filteredOn(m -> Set.of("StatefulSet", "Deployment", "DaemonSet").contains(m.get("kind")))
                .allSatisfy(m -> assertThat(text(at(container(m), "image"))).doesNotStartWith("apache/kafka"));
    }

    @Test
    void theTopicsJobMakesTheTopicsAsTheLauncherMakesThem() {
        Map<String, Object> job = object("Job", "tally-topics");
        Map<String, Object> container = container(job);
        List<String> args = at(container, "args");

        TopicCommands.assertLikeTheLauncher(TopicCommands.parse(String.join("\n", args), environment(Map.of(
                "envFrom", at(container, "envFrom"), "env", List.of()))));
        assertThat(String.join("\n", args)).contains("--command-config " + environment(container(object("Deployment", "tally-api")))
                .get(KafkaClientConfig.VARIABLE));
    }
}
