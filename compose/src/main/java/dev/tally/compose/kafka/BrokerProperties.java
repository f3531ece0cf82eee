package dev.tally.compose.kafka;

import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The server.properties of one KRaft node: a combined broker and controller, with static voters. */
public final class BrokerProperties {

    private BrokerProperties() {
    }

    public static Map<String, String> forNode(StackSpec spec, StackHome home, int node) {
        Map<String, String> p = new LinkedHashMap<>();
        // Every node is broker and controller: the fewest JVMs for a real quorum on one machine.
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(node));
        p.put("controller.quorum.voters", IntStream.rangeClosed(1, spec.brokers())
                .mapToObj(n -> n + "@127.0.0.1:" + spec.controllerPort(n))
                .collect(Collectors.joining(",")));
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + spec.brokerPort(node) + ",CONTROLLER://127.0.0.1:" + spec.controllerPort(node));
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + spec.brokerPort(node));
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", home.brokerData(node).toString());
        p.put("num.partitions", Integer.toString(spec.partitions()));
        // Internal topics (consumer offsets, transactions for exactly-once) are as durable as ours.
        int rf = spec.replicationFactor();
        int minIsr = spec.minInsyncReplicas();
        p.put("offsets.topic.replication.factor", Integer.toString(rf));
        p.put("transaction.state.log.replication.factor", Integer.toString(rf));
        p.put("transaction.state.log.min.isr", Integer.toString(minIsr));
        p.put("default.replication.factor", Integer.toString(rf));
        p.put("min.insync.replicas", Integer.toString(minIsr));
        // Fewer offset/transaction partitions: 50 each is a lot of leaders for 2 cores to elect on start.
        p.put("offsets.topic.num.partitions", "12");
        p.put("transaction.state.log.num.partitions", "12");
        // Processors joining one after another should not each wait 3 s for the group to settle.
        p.put("group.initial.rebalance.delay.ms", "0");
        // A killed broker is noticed in 3 s instead of 9 s: writes stall for about this long (KAFKA-LOCAL.md).
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        // Lets processors use a short consumer session timeout, so a dead processor's partitions move fast.
        p.put("group.min.session.timeout.ms", "2000");
        // Topics are created by the launcher with the chosen layout, never by a typo in a client.
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    public static String render(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
