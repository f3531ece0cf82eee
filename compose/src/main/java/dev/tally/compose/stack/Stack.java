package dev.tally.compose.stack;

import dev.tally.compose.external.ExternalKafka;
import dev.tally.compose.external.ExternalKafkaSetup;
import dev.tally.compose.hosts.HostNetwork;
import dev.tally.compose.hosts.Hosts;
import dev.tally.compose.kafka.KafkaCluster;
import dev.tally.compose.net.NetPlan;
import dev.tally.compose.net.NetProcess;
import dev.tally.compose.net.NetSetup;
import dev.tally.compose.kafka.TopicSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * A whole tally stack on this machine: brokers, processors and the API as background processes,
 * all state under one {@link StackHome}. Every operation prints what it does as it goes.
 */
public final class Stack {

    private static final Duration BROKERS_READY = Duration.ofSeconds(120);
    private static final Duration SERVICES_READY = Duration.ofSeconds(180);
    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration BROKER_STOP_GRACE = Duration.ofSeconds(20);

    private final StackHome home;
    private final Classpaths classpaths;
    private final ProcessTable processes;
    private final PrintStream out;
    private final ProcessGroups groups;
    private Map<String, String> settings = Map.of();
    private List<String> jvmOptions = List.of();

    public Stack(StackHome home, Classpaths classpaths, PrintStream out) {
        this.home = home;
        this.classpaths = classpaths;
        this.processes = new ProcessTable(home);
        this.out = out;
        this.groups = new ProcessGroups(home, processes, out);
    }

    /**
     * Service settings for the processes this stack starts from now on, as if they had been
     * exported before {@code bin/tally up} (MAX_QUEUE_SIZE, WORKER_COUNT, …).
     */
    public Stack withSettings(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
        return this;
    }

    /**
     * JVM options added to every process this stack starts from now on (brokers, controllers,
     * processors, API replicas), after the launcher's own; {@code bin/tally} takes them from
     * {@code TALLY_JVM_OPTS}.
     */
    public Stack withJvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    public StackHome home() {
        return home;
    }

    /** The shape saved by the last {@code up}, if any. */
    public java.util.Optional<StackSpec> savedSpec() {
        try {
            return Files.exists(home.spec()) ? java.util.Optional.of(StackSpec.load(home.spec())) : java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts whatever of the stack is not running and waits until all of it is healthy. */
    public void up(StackSpec spec) throws Exception {
        long start = System.nanoTime();
        Optional<ExternalKafka> external = externalKafka();
        if (external.isPresent()) {
            Files.createDirectories(home.root());
            spec.save(home.spec());
            ExternalKafkaSetup.prepare(home, external.get(), spec, groups::say);
            startServices(spec, start);
            return;
        }
        savedSpec().filter(saved -> saved.brokers() != spec.brokers() && Files.exists(home.brokerData(1)))
                .ifPresent(saved -> {
                    throw new StackException("the stack in " + home.root() + " was made with " + saved.brokers()
                            + " brokers; run `bin/tally down --purge` before changing --brokers");
                });
        if (Files.exists(home.brokerData(1)) && !Files.exists(home.controllerData(1))) {
            throw new StackException("the stack in " + home.root() + " was made by an older tally whose brokers were"
                    + " also controllers; run `bin/tally down --purge` once to start afresh with dedicated controllers");
        }
        Files.createDirectories(home.root());
        spec.save(home.spec());
        KafkaCluster cluster = new KafkaCluster(spec, home, processes, classpaths.brokers(), jvmOptions);
        Optional<NetPlan> net = NetSetup.load(home, spec);
        if (net.isPresent()) {
            groups.say("net", "fault proxies in front of every listener (control port " + net.get().controlPort() + ")");
            NetProcess.ensureRunning(net.get(), home, processes, jvmOptions);
        }

        List<Instance> allKafka = Stream.concat(cluster.controllers().stream(), cluster.brokers().stream()).toList();
        List<Instance> kafka = groups.notRunning(allKafka);
        for (Instance node : kafka) {
            if (!isProxied(node) && !spec.hosts().separate()) {
                Ports.requireFree(spec.portOf(node), node, "");
            }
        }
        groups.say("kafka", kafka.isEmpty() ? "all " + spec.controllers() + " controllers and " + spec.brokers() + " brokers already running"
                : "starting " + ProcessGroups.names(kafka));
        cluster.start(kafka);
        Duration brokersUp = cluster.awaitAllBrokers(BROKERS_READY, groups.watch("kafka", allKafka, kafka, cluster::start));
        groups.say("kafka", spec.controllers() + " controllers and " + spec.brokers() + " brokers up in " + ProcessGroups.seconds(brokersUp)
                + " (bootstrap " + spec.bootstrapServers() + ")");

        try (Admin admin = cluster.admin()) {
            for (String line : TopicSetup.ensure(admin, spec)) {
                groups.say("topics", line);
            }
        }

        startServices(spec, start);
    }

    /** The cluster of {@code up --kafka}, when this stack runs against brokers it did not start. */
    public Optional<ExternalKafka> externalKafka() {
        return ExternalKafka.load(home.externalKafka());
    }

    private Services services(StackSpec spec) {
        Services services = new Services(spec, home, processes, classpaths, settings, jvmOptions);
        return externalKafka().map(services::onExternalKafka).orElse(services);
    }

    private void startServices(StackSpec spec, long start) throws InterruptedException {
        // Processors and API replicas start together: an API replica needs no processor to start (it
        // learns the routing when they answer), and their JVMs warm up side by side.
        Services services = services(spec);
        List<Instance> all = new ArrayList<>(instances(Component.PROCESSOR, spec.processors()));
        all.addAll(instances(Component.API, spec.apiReplicas()));
        groups.startAndAwait("services", all, services, SERVICES_READY, this::portToCheck);

        groups.say("ready", "in " + ProcessGroups.seconds(Duration.ofNanos(System.nanoTime() - start)) + " — " + spec.apiUrl());
        StatusTable.print(status(), out);
    }

    /**
     * Stops the services, then every broker at once, then every controller at once (brokers shut
     * down cleanly only while the controller quorum is there); with purge, deletes the stack's home too.
     */
    public void down(boolean purge) throws IOException {
        List<Instance> recorded = processes.recorded();
        groups.stop("services", recorded.stream().filter(i -> i.component().isService()).toList(), SERVICE_STOP_GRACE);
        groups.stop("brokers", recorded.stream().filter(i -> i.component() == Component.BROKER).toList(), BROKER_STOP_GRACE);
        groups.stop("controllers", recorded.stream().filter(i -> i.component() == Component.CONTROLLER).toList(), BROKER_STOP_GRACE);
        externalKafka().ifPresent(kafka -> groups.say("kafka", "the cluster at " + kafka.bootstrapServers() + " is not tally's: left running"
                + (purge ? ", with its tally topics" : "")));
        // Last: brokers reach the controllers through the proxies, also to shut down cleanly.
        if (recorded.contains(NetProcess.INSTANCE)) {
            groups.stop("net", List.of(NetProcess.INSTANCE), SERVICE_STOP_GRACE);
        }
        Hosts hosts = savedSpec().map(StackSpec::hosts).orElse(Hosts.LOOPBACK);
        if (hosts.separate()) {
            int namespaces = HostNetwork.namespaces(hosts).size();
            HostNetwork.remove(hosts);
            groups.say("hosts", "removed " + namespaces + " network namespaces and the bridge of 10.77." + hosts.network() + ".0/24");
        }
        if (purge && Files.exists(home.root())) {
            try (Stream<Path> paths = Files.walk(home.root())) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            groups.say("purge", "deleted " + home.root());
        }
    }

    public List<StatusRow> status() {
        StackSpec spec = savedSpec().orElse(StackSpec.DEFAULT);
        return StatusRows.of(spec, services(spec), processes, externalKafka().isEmpty(), home);
    }

    /**
     * Changes the write quorum (min.insync.replicas) of the data-path topics of a running stack,
     * starting nothing, so it can change while a broker is down (to see which quorums still accept writes).
     */
    public void setWriteQuorum(int quorum) throws Exception {
        refuseOnExternalKafka("its topics' min.insync.replicas are changed with the cluster's own tools (kafka-configs.sh)");
        StackSpec spec = savedSpec().orElseThrow(() -> new IllegalStateException("no stack in " + home.root() + "; run `bin/tally up` first"))
                .withMinInsyncReplicas(quorum);
        try (Admin admin = new KafkaCluster(spec, home, processes, classpaths.brokers(), jvmOptions).admin()) {
            for (String line : TopicSetup.ensure(admin, spec)) {
                groups.say("quorum", line);
            }
        }
        spec.save(home.spec());
    }

    /** SIGKILL, as in a crash. */
    public void kill(Instance instance) {
        processes.kill(instance).ifPresentOrElse(
                pid -> groups.say("kill", instance + " (pid " + pid + ") killed with SIGKILL"),
                () -> groups.say("kill", instance + " is not running"));
    }

    /** SIGTERM and wait, as in a clean shutdown. */
    public void stop(Instance instance) {
        if (processes.find(instance).isEmpty()) {
            groups.say("stop", instance + " is not running");
            return;
        }
        groups.stop("stop", List.of(instance), instance.component().isKafka() ? BROKER_STOP_GRACE : SERVICE_STOP_GRACE);
    }

    /** Starts one instance of a stack that is up (a new processor id adds a processor) and waits until it is healthy. */
    public void start(Instance instance) throws Exception {
        StackSpec spec = savedSpec().orElseThrow(() -> new IllegalStateException("no stack in " + home.root() + "; run `bin/tally up` first"));
        if (instance.component() == Component.PROCESSOR && instance.id() > spec.processors()) {
            spec = spec.withProcessors(instance.id());
            spec.save(home.spec());
        }
        if (processes.find(instance).isPresent()) {
            groups.say("start", instance + " is already running");
            return;
        }
        if (instance.component() == Component.NET) {
            NetPlan net = NetSetup.load(home, spec).orElseThrow(() -> new IllegalArgumentException(
                    "this stack has no fault proxies; start it with `bin/tally up --net-faults`"));
            NetProcess.ensureRunning(net, home, processes, jvmOptions);
            groups.say("start", instance + " is up");
            return;
        }
        if (instance.component().isKafka()) {
            refuseOnExternalKafka("tally starts none of its brokers");
            int count = instance.component() == Component.BROKER ? spec.brokers() : spec.controllers();
            if (instance.id() > count) {
                throw new IllegalArgumentException("the stack has " + instance.component().label() + "s 1 to " + count);
            }
            KafkaCluster cluster = new KafkaCluster(spec, home, processes, classpaths.brokers(), jvmOptions);
            groups.say("start", "starting " + instance);
            cluster.start(List.of(instance));
            if (instance.component() == Component.BROKER) {
                cluster.awaitBrokers(List.of(instance), BROKERS_READY, () -> groups.failIfExited(List.of(instance)));
                groups.say("start", instance + " is back in the cluster");
            } else {
                Ports.awaitListening(spec.addressOf(instance), spec.portOf(instance), BROKERS_READY, () -> groups.failIfExited(List.of(instance)));
                groups.say("start", instance + " is listening again");
            }
        } else {
            groups.startAndAwait("start", List.of(instance), services(spec), SERVICES_READY, this::portToCheck);
        }
    }

    private void refuseOnExternalKafka(String why) {
        externalKafka().ifPresent(kafka -> {
            throw new StackException("this stack runs against the cluster at " + kafka.bootstrapServers() + ", which is not tally's: " + why);
        });
    }

    public Path logOf(Instance instance) {
        return home.log(instance);
    }

    /** Behind fault proxies a broker's and a processor's own ports are the proxies': they are taken on purpose. */
    private boolean isProxied(Instance instance) {
        StackSpec spec = savedSpec().orElse(StackSpec.DEFAULT);
        return NetSetup.load(home, spec).filter(net -> instance.component() == Component.BROKER
                || instance.component() == Component.PROCESSOR && instance.id() <= net.maxProcessors()).isPresent();
    }

    /**
     * The port a starting service must find free, or empty when the fault proxy holds it on purpose,
     * or when the service runs in a namespace of its own, whose ports nothing else can take.
     */
    private java.util.OptionalInt portToCheck(Instance instance) {
        StackSpec spec = savedSpec().orElse(StackSpec.DEFAULT);
        return isProxied(instance) || spec.hosts().separate() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(spec.portOf(instance));
    }

    static List<Instance> instances(Component component, int count) {
        List<Instance> list = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            list.add(new Instance(component, id));
        }
        return list;
    }
}
