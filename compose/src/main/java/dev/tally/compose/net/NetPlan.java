package dev.tally.compose.net;

import dev.tally.compose.stack.StackSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where every listener of a stack with fault proxies is, and who reaches it through which proxy.
 * The proxies take the ports a plain stack's processes would listen on (so clients, tools and tests
 * address the stack as before) and the processes move to a block of ports from {@code base} up.
 *
 * <p>A proxy can only fault a connection by the ends it knows, so every path has its own proxy:
 * each broker has one Kafka listener per kind of client — {@code EXT} (the API, the launcher and
 * tools), {@code B<k>} (broker k's replication: its {@code inter.broker.listener.name}) and
 * {@code P<id>} (processor id's clients; a Kafka client stays on the listener it bootstrapped
 * from) — and each broker and controller reaches each controller through its own proxy. Cutting
 * broker 2 thus cuts what it serves and what it sends (fetches, heartbeats), as a broken link would.
 *
 * @param base          first port of the block: the control port, then the processes' own ports
 * @param maxProcessors processors with their own listeners, fixed when the block is chosen (a later
 *                      processor shares the EXT listener and cannot be cut alone from Kafka)
 */
public record NetPlan(StackSpec spec, int base, int maxProcessors) {

    /** Processors that may join a running stack and still get their own listeners. */
    public static final int SPARE_PROCESSORS = 4;

    /** The same layout for the stack's current shape (a processor added since keeps the ports fixed at the start). */
    public NetPlan forSpec(StackSpec current) {
        return new NetPlan(current, base, maxProcessors);
    }

    public static final String EXTERNAL = "EXT";
    private static final String HOST = "127.0.0.1";

    /** Where {@code bin/tally net} tells the proxies which faults are in force. */
    public int controlPort() {
        return base;
    }

    /** Broker listener names, one per kind of client: EXT, B1..BN, P1..P(processors + spare). */
    public List<String> brokerListeners() {
        List<String> names = new ArrayList<>();
        names.add(EXTERNAL);
        IntStream.rangeClosed(1, spec.brokers()).forEach(k -> names.add("B" + k));
        IntStream.rangeClosed(1, maxProcessors()).forEach(id -> names.add("P" + id));
        return names;
    }

    /** Port broker n's process listens on for this listener. */
    int brokerListenPort(int node, String listener) {
        return base + 1 + 2 * ((node - 1) * brokerListeners().size() + brokerListeners().indexOf(listener));
    }

    /** Port broker n advertises for this listener: its proxy. EXT keeps the stack's own broker port. */
    public int brokerProxyPort(int node, String listener) {
        return listener.equals(EXTERNAL) ? spec.brokerPort(node) : brokerListenPort(node, listener) + 1;
    }

    /** Processes that connect to controllers: brokers, then the other controllers. */
    private List<String> controllerClients() {
        List<String> names = new ArrayList<>();
        IntStream.rangeClosed(1, spec.brokers()).forEach(k -> names.add("broker-" + k));
        IntStream.rangeClosed(1, spec.controllers()).forEach(c -> names.add("controller-" + c));
        return names;
    }

    /** The proxy through which {@code client} (broker-k or controller-c) reaches controller c; it listens on the stack's own controller port. */
    int controllerProxyPort(int controller, String client) {
        int brokerBlock = 2 * spec.brokers() * brokerListeners().size();
        return base + 1 + brokerBlock + (controller - 1) * controllerClients().size() + controllerClients().indexOf(client);
    }

    /** Port processor id's process listens on; its proxy takes the stack's own processor port. */
    public int processorListenPort(int id) {
        int brokerBlock = 2 * spec.brokers() * brokerListeners().size();
        int controllerBlock = spec.controllers() * controllerClients().size();
        return base + 1 + brokerBlock + controllerBlock + id;
    }

    /** Ports in the block, from base up. */
    public int size() {
        return processorListenPort(maxProcessors()) - base + 1;
    }

    /** Broker n's {@code listeners}. */
    public String brokerListenersConfig(int node) {
        return brokerListeners().stream().map(l -> l + "://" + HOST + ":" + brokerListenPort(node, l)).collect(Collectors.joining(","));
    }

    /** Broker n's {@code advertised.listeners}: every listener at its proxy. */
    public String brokerAdvertisedConfig(int node) {
        return brokerListeners().stream().map(l -> l + "://" + HOST + ":" + brokerProxyPort(node, l)).collect(Collectors.joining(","));
    }

    public String securityProtocolMap() {
        return brokerListeners().stream().map(l -> l + ":PLAINTEXT").collect(Collectors.joining(",", "CONTROLLER:PLAINTEXT,", ""));
    }

    /** {@code controller.quorum.voters} as {@code client} sees them: each voter at this client's proxy, itself at its own port. */
    public String votersFor(String client) {
        return IntStream.rangeClosed(1, spec.controllers())
                .mapToObj(c -> (CONTROLLER_NODE_BASE + c) + "@" + HOST + ":"
                        + (client.equals("controller-" + c) ? spec.controllerPort(c) : controllerProxyPort(c, client)))
                .collect(Collectors.joining(","));
    }

    /** The bootstrap servers processor id uses: its own listener of every broker, so all its Kafka traffic is its own. */
    public String processorBootstrap(int id) {
        if (id > maxProcessors()) {
            return spec.bootstrapServers();
        }
        return IntStream.rangeClosed(1, spec.brokers()).mapToObj(n -> HOST + ":" + brokerProxyPort(n, "P" + id))
                .collect(Collectors.joining(","));
    }

    /** Every proxy, named by the path it carries and tagged with the instances at its ends. */
    public List<ProxyRoute> routes() {
        List<ProxyRoute> routes = new ArrayList<>();
        for (int n = 1; n <= spec.brokers(); n++) {
            String broker = "broker-" + n;
            for (String listener : brokerListeners()) {
                List<String> ends = new ArrayList<>(List.of(broker));
                String client = clientOf(listener);
                if (client != null && !client.equals(broker)) {
                    ends.add(client);
                }
                routes.add(new ProxyRoute((client == null ? "clients" : client) + "->" + broker,
                        brokerProxyPort(n, listener), brokerListenPort(n, listener), ends));
            }
        }
        for (int c = 1; c <= spec.controllers(); c++) {
            String controller = "controller-" + c;
            for (String client : controllerClients()) {
                if (!client.equals(controller)) {
                    routes.add(new ProxyRoute(client + "->" + controller, controllerProxyPort(c, client), spec.controllerPort(c),
                            List.of(controller, client)));
                }
            }
        }
        for (int id = 1; id <= maxProcessors(); id++) {
            routes.add(new ProxyRoute("clients->processor-" + id, spec.processorPort(id), processorListenPort(id),
                    List.of("processor-" + id)));
        }
        return routes;
    }

    /** Every port of the block that something listens on (for a free-ports check). */
    public List<Integer> blockPorts() {
        return IntStream.range(base, base + size()).boxed().toList();
    }

    private static String clientOf(String listener) {
        if (listener.startsWith("B")) {
            return "broker-" + listener.substring(1);
        }
        if (listener.startsWith("P")) {
            return "processor-" + listener.substring(1);
        }
        return null;
    }

    private static final int CONTROLLER_NODE_BASE = dev.tally.compose.kafka.BrokerProperties.CONTROLLER_NODE_BASE;
}
