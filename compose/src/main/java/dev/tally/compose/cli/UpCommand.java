package dev.tally.compose.cli;

import dev.tally.compose.hosts.HostNetwork;
import dev.tally.compose.net.NetSetup;
import dev.tally.compose.external.ExternalKafka;
import dev.tally.compose.external.ExternalKafkaSetup;
import dev.tally.compose.stack.Stack;
import dev.tally.compose.stack.BrokerPortChoice;
import dev.tally.compose.stack.StackSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", description = "Start the stack in the background (what already runs is left alone) and wait until it is healthy.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--brokers", description = "Kafka brokers (KRaft; 3 dedicated controllers run beside 3 or more brokers, 1 beside fewer). Default 3.")
    Integer brokers;

    @Option(names = "--replication-factor", description = "Copies of every partition. Default 3.")
    Integer replicationFactor;

    @Option(names = {"--min-insync-replicas", "--write-quorum"}, defaultValue = "${env:WRITE_QUORUM}",
            description = "Write quorum: in-sync copies a strong (acks=all) write needs. Default $$WRITE_QUORUM, else min(2, replication factor).")
    Integer minInsyncReplicas;

    @Option(names = "--partitions", description = "Partitions of the increments topic. Default 6.")
    Integer partitions;

    @Option(names = "--processors", description = "Stream-processor instances. Default 2.")
    Integer processors;

    @Option(names = "--standbys", description = "Standby replicas of each store partition. Default 1.")
    Integer standbys;

    @Option(names = "--port", description = "Port of the API (increments and reads). Default 8000.")
    Integer port;

    @Option(names = "--api-replicas", description = "API processes, all on --port (the kernel spreads connections). Default 1.")
    Integer apiReplicas;

    @Option(names = "--net-faults", description = "Put a fault proxy in front of every broker, controller and processor listener,"
            + " for `bin/tally net lag|partition|heal` (kept for this stack home until `down --purge`).")
    boolean netFaults;

    @Option(names = "--hosts", description = "Run every controller, broker, processor and API replica in a Linux network namespace of its own,"
            + " each with its own address on a bridge (10.77.N.0/24), as on separate hosts (root only; the stack home stays on separate hosts until `down --purge`).")
    boolean hosts;

    @Option(names = "--kafka", paramLabel = "HOST:PORT[,…]",
            description = "An existing Kafka cluster: start only processors and the API against it (remembered in the stack home; down leaves it alone).")
    String kafka;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (SASL, TLS) for --kafka, as Kafka's tools take --command-config; every Kafka client of tally gets them.")
    Path kafkaConfig;

    @Override
    public Integer call() throws Exception {
        Stack stack = TallyCli.stack();
        if (kafka != null) {
            ExternalKafkaSetup.remember(stack.home(), new ExternalKafka(kafka, kafkaConfig));
        } else if (kafkaConfig != null) {
            throw new IllegalArgumentException("--kafka-config goes with --kafka HOST:PORT (the cluster it logs in to)");
        }
        StackSpec base = stack.savedSpec().orElse(StackSpec.DEFAULT);
        boolean external = stack.externalKafka().isPresent();
        if (external) {
            if (brokers != null) {
                throw new IllegalArgumentException("--brokers does not go with --kafka: the cluster has the brokers it has");
            }
            // The shape's broker count only bounds the replication factor; the cluster's real count is checked before start.
            brokers = or(replicationFactor, base.replicationFactor());
        }
        StackSpec spec = resolve(base);
        if (!external && stack.savedSpec().isEmpty()) {
            BrokerPortChoice.Choice ports = BrokerPortChoice.forNewStack(spec);
            if (ports.note() != null) {
                System.out.printf("%-10s %s%n", "ports", ports.note());
            }
            spec = ports.spec();
        }
        if (hosts) {
            spec = onSeparateHosts(stack, spec, external);
        }
        if (netFaults) {
            NetSetup.enable(stack.home(), spec);
        }
        stack.up(spec);
        return 0;
    }

    private StackSpec onSeparateHosts(Stack stack, StackSpec spec, boolean external) {
        if (external) {
            throw new IllegalArgumentException("--hosts does not go with --kafka: it puts tally's own brokers on hosts of their own");
        }
        if (spec.hosts().separate()) {
            return spec;
        }
        if (stack.savedSpec().isPresent()) {
            throw new IllegalArgumentException("the stack in " + stack.home().root() + " runs on this machine's loopback address;"
                    + " run `bin/tally down --purge` before starting it again with --hosts");
        }
        HostNetwork.requireUsable();
        return spec.withHosts(HostNetwork.pickFree());
    }

    /** Flags override the shape saved by the previous {@code up}, which overrides the defaults. */
    StackSpec resolve(StackSpec base) {
        int rf = or(replicationFactor, base.replicationFactor());
        int minIsr = minInsyncReplicas != null ? minInsyncReplicas
                : replicationFactor != null ? StackSpec.defaultMinInsync(rf)
                : Math.min(base.minInsyncReplicas(), rf);
        return new StackSpec(or(brokers, base.brokers()), rf, minIsr, or(partitions, base.partitions()),
                or(processors, base.processors()), or(standbys, base.standbys()), or(port, base.apiPort()),
                base.brokerPortBase(), base.controllerPortBase(), base.processorPortBase(), or(apiReplicas, base.apiReplicas()),
                base.hosts());
    }

    private static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }
}
