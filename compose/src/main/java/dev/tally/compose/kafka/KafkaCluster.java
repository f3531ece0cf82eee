package dev.tally.compose.kafka;

import dev.tally.compose.net.NetListeners;
import dev.tally.compose.net.NetSetup;
import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.JavaCommand;
import dev.tally.compose.hosts.HostNetwork;
import dev.tally.compose.stack.ProcessTable;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * The Kafka processes of a stack as plain JVMs: dedicated KRaft controllers and brokers; storage
 * formatting, start and readiness (stopping is the launcher's, all of a kind at once).
 */
public final class KafkaCluster {

    /**
     * A fixed heap touched at start, like the services' (Services.SERVICE_JVM): flat resident memory.
     * The parallel collector, not G1: a broker's young collections are pauses that every produce
     * waiting for acks=all sits out, on the leader and on each follower, so how often they come and how
     * long they last is the tail of every increment. Measured on a broker at 2,000 increments/s:
     * G1 (Java's default, 200 ms pause goal) 27-43 ms every ~5 s; G1 with Kafka's recommended 20 ms
     * goal 8-33 ms about every second; parallel 8-12 ms every ~5 s, with no concurrent marking
     * threads competing for the 2 cores.
     *
     * <p>A large young generation: a broker allocates ~45 MB/s at that rate (most of it in Kafka's
     * fetch handling, per partition of every fetch), and a pause costs about the same whatever the
     * eden's size, since it copies only what survives. With 512 MB and the collector's own sizing
     * (~160 MB eden) each broker paused every ~4 s; with 640 MB of young generation in 1 GB, every
     * 15-20 s, and increments' p99 at 2,000/s fell from 53-129 to 32-59 ms side by side on one stack.
     * The old generation keeps ~160 MB live and grows ~1.5 MB per young collection, so a full
     * collection (~150 ms) comes every 40 minutes or so at that rate.
     */
    private static final List<String> BROKER_JVM = List.of("-Xms1g", "-Xmx1g", "-Xmn640m", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC");
    /** A controller holds only the cluster metadata. */
    private static final List<String> CONTROLLER_JVM = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseG1GC");

    private final StackSpec spec;
    private final StackHome home;
    private final ProcessTable processes;
    private final String classpath;
    private final List<String> extraJvmOptions;

    /** @param extraJvmOptions added after the launcher's own options to every JVM it starts */
    public KafkaCluster(StackSpec spec, StackHome home, ProcessTable processes, String classpath, List<String> extraJvmOptions) {
        this.spec = spec;
        this.home = home;
        this.processes = processes;
        this.classpath = classpath;
        this.extraJvmOptions = List.copyOf(extraJvmOptions);
    }

    public static Instance broker(int node) {
        return new Instance(Component.BROKER, node);
    }

    public static Instance controller(int id) {
        return new Instance(Component.CONTROLLER, id);
    }

    public List<Instance> brokers() {
        List<Instance> all = new ArrayList<>();
        for (int n = 1; n <= spec.brokers(); n++) {
            all.add(broker(n));
        }
        return all;
    }

    public List<Instance> controllers() {
        List<Instance> all = new ArrayList<>();
        for (int n = 1; n <= spec.controllers(); n++) {
            all.add(controller(n));
        }
        return all;
    }

    /**
     * Starts the given controllers and brokers (formatting storage that was never formatted) all
     * together: brokers retry until the controller quorum answers.
     */
    public void start(List<Instance> nodes) {
        String clusterId = clusterId();
        List<Process> formats = new ArrayList<>();
        for (Instance node : nodes) {
            Path config = writeConfig(node);
            if (!Files.exists(dataOf(node).resolve("meta.properties"))) {
                formats.add(format(clusterId, config));
            }
        }
        for (Process format : formats) {
            awaitFormat(format);
        }
        for (Instance node : nodes) {
            List<String> jvm = new ArrayList<>(node.component() == Component.CONTROLLER ? CONTROLLER_JVM : BROKER_JVM);
            jvm.add("-Dkafka.logs.dir=" + home.log(node).getParent());
            jvm.add("-Dlog4j2.configurationFile=" + home.config().resolve("log4j2-broker.properties"));
            jvm.addAll(extraJvmOptions);
            processes.start(node, HostNetwork.enter(spec.hosts(), node, JavaCommand.of(processes, home, node, classpath, jvm, "kafka.Kafka",
                    List.of(home.config().resolve(node.name() + ".properties").toString()))), Map.of());
        }
    }

    /** Waits until every broker of the stack is registered with the controller quorum. */
    public Duration awaitAllBrokers(Duration timeout, Runnable whileWaiting) throws InterruptedException {
        return awaitBrokers(brokers(), timeout, whileWaiting);
    }

    /**
     * Waits until these brokers are registered (and unfenced) with the controller quorum; others may
     * be down, as when one of two killed brokers is started again.
     */
    public Duration awaitBrokers(List<Instance> wanted, Duration timeout, Runnable whileWaiting) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Set<Integer> ids = wanted.stream().map(Instance::id).collect(Collectors.toSet());
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                whileWaiting.run();
                try {
                    Set<Integer> registered = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).stream()
                            .map(Node::id).collect(Collectors.toSet());
                    if (registered.containsAll(ids)) {
                        return Duration.ofNanos(System.nanoTime() - start);
                    }
                } catch (Exception notYet) {
                    // no broker answers yet
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException(wanted + " did not come up within " + timeout.toSeconds() + " s");
    }

    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    private String clusterId() {
        try {
            Path file = home.clusterId();
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, Uuid.randomUuid().toString());
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dataOf(Instance node) {
        return node.component() == Component.CONTROLLER ? home.controllerData(node.id()) : home.brokerData(node.id());
    }

    private Path writeConfig(Instance node) {
        try {
            Files.createDirectories(home.config());
            Path log4j = home.config().resolve("log4j2-broker.properties");
            if (!Files.exists(log4j)) {
                try (var in = KafkaCluster.class.getResourceAsStream("/log4j2-broker.properties")) {
                    Files.copy(in, log4j);
                }
            }
            Path file = home.config().resolve(node.name() + ".properties");
            boolean controller = node.component() == Component.CONTROLLER;
            Map<String, String> properties = controller
                    ? BrokerProperties.forController(spec, home, node.id())
                    : BrokerProperties.forBroker(spec, home, node.id());
            NetSetup.load(home, spec).ifPresent(net -> {
                if (controller) {
                    NetListeners.applyToController(net, node.id(), properties);
                } else {
                    NetListeners.applyToBroker(net, node.id(), properties);
                }
            });
            Files.writeString(file, BrokerProperties.render(properties));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Process format(String clusterId, Path config) {
        try {
            return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classpath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not format Kafka storage", e);
        }
    }

    private static void awaitFormat(Process format) {
        try {
            String output = new String(format.getInputStream().readAllBytes());
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting Kafka storage failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }
}
