package dev.tally.compose.stack;

import dev.tally.compose.hosts.Hosts;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The shape of a stack: how many of each process, the topic layout, and the ports. Saved in the
 * stack's home at {@code up} so that later commands ({@code status}, {@code start processor 3})
 * and the next {@code up} work on the same shape.
 *
 * @param minInsyncReplicas the write quorum: acks=all waits for this many in-sync copies
 * @param brokerPortBase    broker n listens on base + n (clients), controllerPortBase + n (KRaft)
 * @param processorPortBase processor n serves its internal HTTP API on base + n
 * @param apiReplicas       API processes, all listening on apiPort (SO_REUSEPORT)
 * @param hosts             where the processes are reached: all on loopback, or each on its own address
 */
public record StackSpec(
        int brokers,
        int replicationFactor,
        int minInsyncReplicas,
        int partitions,
        int processors,
        int standbys,
        int apiPort,
        int brokerPortBase,
        int controllerPortBase,
        int processorPortBase,
        int apiReplicas,
        Hosts hosts) {

    /** Brokers from localhost:9092 up, as in Kafka's quickstart (see {@link BrokerPortChoice} when those are taken). */
    public static final StackSpec DEFAULT = new StackSpec(3, 3, 2, 6, 2, 1, 8000, 9091, 19190, 8100);

    /** One API process. */
    public StackSpec(int brokers, int replicationFactor, int minInsyncReplicas, int partitions, int processors,
                     int standbys, int apiPort, int brokerPortBase, int controllerPortBase, int processorPortBase) {
        this(brokers, replicationFactor, minInsyncReplicas, partitions, processors, standbys, apiPort,
                brokerPortBase, controllerPortBase, processorPortBase, 1);
    }

    /** All processes on this machine's loopback address. */
    public StackSpec(int brokers, int replicationFactor, int minInsyncReplicas, int partitions, int processors,
                     int standbys, int apiPort, int brokerPortBase, int controllerPortBase, int processorPortBase, int apiReplicas) {
        this(brokers, replicationFactor, minInsyncReplicas, partitions, processors, standbys, apiPort,
                brokerPortBase, controllerPortBase, processorPortBase, apiReplicas, Hosts.LOOPBACK);
    }

    public StackSpec {
        require(brokers >= 1 && brokers <= 9, "--brokers must be 1 to 9");
        require(replicationFactor >= 1 && replicationFactor <= brokers,
                "--replication-factor must be 1 to the number of brokers (" + brokers + ")");
        require(minInsyncReplicas >= 1 && minInsyncReplicas <= replicationFactor,
                "--min-insync-replicas must be 1 to the replication factor (" + replicationFactor + ")");
        require(partitions >= 1 && partitions <= 1000, "--partitions must be 1 to 1000");
        require(processors >= 0 && processors <= 50, "--processors must be 0 to 50");
        require(standbys >= 0, "--standbys must not be negative");
        require(apiPort > 0 && apiPort < 65536, "--port must be a TCP port");
        require(apiReplicas >= 1 && apiReplicas <= 16, "--api-replicas must be 1 to 16");
        java.util.Objects.requireNonNull(hosts, "hosts");
    }

    /** The default write quorum: 2 where there are 2 or more replicas, else 1. */
    public static int defaultMinInsync(int replicationFactor) {
        return Math.min(2, replicationFactor);
    }

    public String bootstrapServers() {
        return IntStream.rangeClosed(1, brokers)
                .mapToObj(n -> hosts.address(Component.BROKER, n) + ":" + brokerPort(n))
                .collect(Collectors.joining(","));
    }

    /**
     * Dedicated KRaft controllers: 3 (a quorum that survives one loss) from 3 brokers up, else 1.
     * Apart from the brokers, so killing brokers never costs the controller quorum: with 2 of 3
     * brokers down the controller still shrinks the ISR and writes are refused at once.
     */
    public int controllers() {
        return brokers >= 3 ? 3 : 1;
    }

    public int brokerPort(int node) {
        return brokerPortBase + node;
    }

    /** Controller n's KRaft port. */
    public int controllerPort(int controller) {
        return controllerPortBase + controller;
    }

    public int processorPort(int id) {
        return processorPortBase + id;
    }

    /** API replica n's own port (health checks): the shared port cannot say which replica answered. */
    public int apiAdminPort(int replica) {
        return apiPort + 10 + replica;
    }

    /** Where users send requests; on separate hosts, API replica 1's address (each replica has its own). */
    public String apiUrl() {
        return "http://" + (hosts.separate() ? hosts.address(Component.API, 1) : "localhost") + ":" + apiPort;
    }

    /** API replica n's own port (health checks, metrics) at its address. */
    public String apiAdminUrl(int replica) {
        return "http://" + hosts.address(Component.API, replica) + ":" + apiAdminPort(replica);
    }

    /** Processor n's internal HTTP API (readiness, metrics, the API's reads) at its address. */
    public String processorUrl(int id) {
        return "http://" + hosts.address(Component.PROCESSOR, id) + ":" + processorPort(id);
    }

    public List<String> processorUrls() {
        List<String> urls = new ArrayList<>();
        for (int id = 1; id <= processors; id++) {
            urls.add(processorUrl(id));
        }
        return urls;
    }

    /** The address the instance listens on. */
    public String addressOf(Instance instance) {
        return hosts.address(instance);
    }

    public int portOf(Instance instance) {
        return switch (instance.component()) {
            case CONTROLLER -> controllerPort(instance.id());
            case BROKER -> brokerPort(instance.id());
            case PROCESSOR -> processorPort(instance.id());
            case API -> apiPort;
            case NET -> throw new IllegalArgumentException("the fault proxies' ports are in net.properties, not the stack's shape");
        };
    }

    public void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("brokers", Integer.toString(brokers));
        p.setProperty("replication.factor", Integer.toString(replicationFactor));
        p.setProperty("min.insync.replicas", Integer.toString(minInsyncReplicas));
        p.setProperty("partitions", Integer.toString(partitions));
        p.setProperty("processors", Integer.toString(processors));
        p.setProperty("standbys", Integer.toString(standbys));
        p.setProperty("api.port", Integer.toString(apiPort));
        p.setProperty("broker.port.base", Integer.toString(brokerPortBase));
        p.setProperty("controller.port.base", Integer.toString(controllerPortBase));
        p.setProperty("processor.port.base", Integer.toString(processorPortBase));
        p.setProperty("api.replicas", Integer.toString(apiReplicas));
        p.setProperty("hosts.network", Integer.toString(hosts.network()));
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "tally stack shape, written by bin/tally up");
        }
    }

    public static StackSpec load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return new StackSpec(
                intOf(p, "brokers"), intOf(p, "replication.factor"), intOf(p, "min.insync.replicas"),
                intOf(p, "partitions"), intOf(p, "processors"), intOf(p, "standbys"), intOf(p, "api.port"),
                intOf(p, "broker.port.base"), intOf(p, "controller.port.base"), intOf(p, "processor.port.base"),
                Integer.parseInt(p.getProperty("api.replicas", "1").strip()),
                new Hosts(Integer.parseInt(p.getProperty("hosts.network", "0").strip())));
    }

    public StackSpec withProcessors(int count) {
        return new StackSpec(brokers, replicationFactor, minInsyncReplicas, partitions, count, standbys, apiPort,
                brokerPortBase, controllerPortBase, processorPortBase, apiReplicas, hosts);
    }

    /** The same stack with another number of API replicas on its port. */
    public StackSpec withApiReplicas(int replicas) {
        return new StackSpec(brokers, replicationFactor, minInsyncReplicas, partitions, processors, standbys, apiPort,
                brokerPortBase, controllerPortBase, processorPortBase, replicas, hosts);
    }

    /** The same shape on other ports. */
    public StackSpec withPorts(int newApiPort, int newBrokerPortBase, int newControllerPortBase, int newProcessorPortBase) {
        return new StackSpec(brokers, replicationFactor, minInsyncReplicas, partitions, processors, standbys, newApiPort,
                newBrokerPortBase, newControllerPortBase, newProcessorPortBase, apiReplicas, hosts);
    }

    /**
     * The same shape on ports that are free right now, found from a random base, so that a throw-away
     * stack (a test's, a benchmark's) never meets the ports of a stack someone left running.
     */
    public StackSpec onFreePorts() {
        return Ports.freeFor(this);
    }

    /** Every port this stack listens on, and room for {@code extraProcessors} more processors. */
    public List<Integer> ports(int extraProcessors) {
        List<Integer> ports = new ArrayList<>();
        ports.add(apiPort);
        for (int replica = 1; replica <= apiReplicas; replica++) {
            ports.add(apiAdminPort(replica));
        }
        for (int n = 1; n <= brokers; n++) {
            ports.add(brokerPort(n));
        }
        for (int n = 1; n <= controllers(); n++) {
            ports.add(controllerPort(n));
        }
        for (int id = 1; id <= processors + extraProcessors; id++) {
            ports.add(processorPort(id));
        }
        return ports;
    }

    /** The same shape with its processes reached at these addresses. */
    public StackSpec withHosts(Hosts newHosts) {
        return new StackSpec(brokers, replicationFactor, minInsyncReplicas, partitions, processors, standbys, apiPort,
                brokerPortBase, controllerPortBase, processorPortBase, apiReplicas, newHosts);
    }

    /** The same stack with another write quorum. */
    public StackSpec withMinInsyncReplicas(int quorum) {
        return new StackSpec(brokers, replicationFactor, quorum, partitions, processors, standbys, apiPort,
                brokerPortBase, controllerPortBase, processorPortBase, apiReplicas, hosts);
    }

    private static int intOf(Properties p, String name) {
        String value = p.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("stack.properties has no " + name);
        }
        return Integer.parseInt(value.strip());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
