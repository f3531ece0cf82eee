package dev.tally.compose.kafka;

import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The server.properties of the stack's KRaft processes: dedicated controllers (node ids
 * {@value #CONTROLLER_NODE_BASE} + n, static voters) and brokers (node ids 1..N).
 */
public final class BrokerProperties {

    /** Controller n is KRaft node 100 + n, so broker ids stay 1..N as users see them. */
    public static final int CONTROLLER_NODE_BASE = 100;

    private BrokerProperties() {
    }

    public static Map<String, String> forController(StackSpec spec, StackHome home, int controller) {
        Map<String, String> p = kraft(spec, "controller", CONTROLLER_NODE_BASE + controller);
        p.put("listeners", "CONTROLLER://" + spec.hosts().address(Component.CONTROLLER, controller) + ":" + spec.controllerPort(controller));
        p.put("log.dirs", home.controllerData(controller).toString());
        // A killed broker is fenced in 3 s instead of 9 s: writes stall for about this long, and then
        // its partitions' ISRs shrink, so a write short of its quorum is refused (KAFKA-LOCAL.md).
        p.put("broker.session.timeout.ms", "3000");
        // The brokers' heartbeat interval (set on them), repeated here: a controller checks that it is at
        // most half the session timeout and logs an ERROR at every start when its own default (2 s) is not.
        p.put("broker.heartbeat.interval.ms", "500");
        return p;
    }

    public static Map<String, String> forBroker(StackSpec spec, StackHome home, int node) {
        Map<String, String> p = kraft(spec, "broker", node);
        // On separate hosts each broker listens on, and advertises, its own address: clients and the other
        // brokers reach it there, never at a loopback address that would be their own.
        String listener = "PLAINTEXT://" + spec.hosts().address(Component.BROKER, node) + ":" + spec.brokerPort(node);
        p.put("listeners", listener);
        p.put("advertised.listeners", listener);
        p.put("inter.broker.listener.name", "PLAINTEXT");
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
        // The processors' committed offsets must outlive any outage: by default a group's offsets expire
        // 7 days after its last member left, and the processors would then read the increments topic
        // from the start again. (The applier ignores what it already applied, but the hot-key path re-sums.)
        p.put("offsets.retention.minutes", Integer.toString(Integer.MAX_VALUE));
        // Few offset/transaction partitions (Kafka's default is 50 each): tally has one consumer group and
        // a transactional id per stream thread. Every partition a broker leads is read again by each
        // follower fetch (the whole fetch session, changed or not): at 12 each, a broker at 2,000
        // increments/s allocated 49 MB/s, at 3 each 37 MB/s, with proportionally fewer collections.
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.num.partitions", "3");
        // Processors joining one after another should not each wait 3 s for the group to settle.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Heartbeats often enough for the controllers' 3 s broker session timeout.
        p.put("broker.heartbeat.interval.ms", "500");
        // Lets processors use a short consumer session timeout, so a dead processor's partitions move fast.
        p.put("group.min.session.timeout.ms", "2000");
        // A dead processor's open transaction blocks its partitions until the coordinator aborts it; the
        // coordinator looks for timed-out transactions this often (10 s by default), so the processors'
        // 5 s transaction timeout is what it costs, not up to 15 s.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");
        // Under transactions v2 the partition leader adds a partition to a transaction on its first write;
        // while the coordinator is still writing the markers of the same producer's previous transaction
        // it answers CONCURRENT_TRANSACTIONS, and the leader retries only for this long (100 ms by default)
        // before failing the write back to the producer. With a processor committing every 100 ms the
        // markers often take longer on two busy cores: the write failed, the producer's next batch for
        // that partition then arrived first and was refused OUT_OF_ORDER_SEQUENCE_NUMBER, and both were
        // resent. Waiting up to 2 s on the broker lets the previous transaction finish instead (well
        // within the producers' 30 s request timeout).
        p.put("add.partitions.to.txn.retry.backoff.max.ms", "2000");
        // Topics are created by the launcher with the chosen layout, never by a typo in a client.
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    /** What every KRaft process shares: its role and id, and where the controller quorum is. */
    private static Map<String, String> kraft(StackSpec spec, String role, int nodeId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", role);
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", IntStream.rangeClosed(1, spec.controllers())
                .mapToObj(n -> (CONTROLLER_NODE_BASE + n) + "@" + spec.hosts().address(Component.CONTROLLER, n) + ":" + spec.controllerPort(n))
                .collect(Collectors.joining(",")));
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        return p;
    }

    public static String render(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
