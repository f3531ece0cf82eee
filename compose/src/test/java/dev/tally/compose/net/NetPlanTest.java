package dev.tally.compose.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.compose.kafka.BrokerProperties;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetPlanTest {

    private final NetPlan plan = new NetPlan(StackSpec.DEFAULT, 12_000, StackSpec.DEFAULT.processors() + NetPlan.SPARE_PROCESSORS);

    @Test
    void everyProxyListensOnItsOwnPortAndForwardsToAProcessOfTheStack() {
        List<ProxyRoute> routes = plan.routes();
        Set<Integer> listen = new HashSet<>();
        routes.forEach(r -> assertThat(listen.add(r.listenPort())).as(r.name()).isTrue());
        // The proxies take the stack's own broker and processor ports, so clients address the stack as without them.
        assertThat(listen).contains(9092, 9093, 9094, 8101, 8102);
        // A route's target is never another proxy: one hop, one fault.
        routes.forEach(r -> assertThat(listen).as(r.name()).doesNotContain(r.targetPort()));
        assertThat(plan.blockPorts()).doesNotContain(plan.controlPort() - 1).contains(plan.controlPort());
        routes.stream().filter(r -> r.listenPort() >= plan.base())
                .forEach(r -> assertThat(r.listenPort()).isLessThan(plan.base() + plan.size()));
    }

    @Test
    void brokersAdvertiseEveryListenerAtItsProxyAndReplicateOverTheirOwn() {
        Map<String, String> broker = BrokerProperties.forBroker(StackSpec.DEFAULT, new StackHome(Path.of("/tmp/t")), 2);
        NetListeners.applyToBroker(plan, 2, broker);

        assertThat(broker.get("inter.broker.listener.name")).isEqualTo("B2");
        assertThat(broker.get("advertised.listeners")).startsWith("EXT://127.0.0.1:9093,B1://127.0.0.1:")
                .contains(",P1://127.0.0.1:" + plan.brokerProxyPort(2, "P1"));
        assertThat(broker.get("listeners")).doesNotContain(":9093");
        // Broker 2 reaches every controller through a proxy of its own, so cutting it also stops its heartbeats.
        assertThat(broker.get("controller.quorum.voters")).doesNotContain(":19191").doesNotContain(":19192");
        ProxyRoute heartbeat = plan.routes().stream().filter(r -> r.name().equals("broker-2->controller-1")).findFirst().orElseThrow();
        assertThat(broker.get("controller.quorum.voters")).contains("101@127.0.0.1:" + heartbeat.listenPort());
        assertThat(heartbeat.targetPort()).isEqualTo(19191);
        assertThat(heartbeat.ends()).containsExactly("controller-1", "broker-2");
    }

    @Test
    void aControllerReachesItselfDirectlyAndItsPeersThroughItsProxies() {
        assertThat(plan.votersFor("controller-2")).contains("102@127.0.0.1:19192").doesNotContain(":19191,").doesNotContain(":19193");
    }

    @Test
    void aProcessorBootstrapsFromItsOwnListenersAndIsReachedAtItsUsualPort() {
        assertThat(plan.processorBootstrap(2)).isEqualTo("127.0.0.1:" + plan.brokerProxyPort(1, "P2") + ",127.0.0.1:"
                + plan.brokerProxyPort(2, "P2") + ",127.0.0.1:" + plan.brokerProxyPort(3, "P2"));
        Map<String, String> env = NetServices.processorWiring(plan, 2);
        assertThat(env).containsEntry("PROCESSOR_ADVERTISED_ADDRESS", "127.0.0.1:8102")
                .containsEntry("PROCESSOR_PORT", Integer.toString(plan.processorListenPort(2)));
        ProxyRoute toBroker1 = plan.routes().stream().filter(r -> r.name().equals("processor-2->broker-1")).findFirst().orElseThrow();
        assertThat(toBroker1.ends()).containsExactly("broker-1", "processor-2");
        // A processor beyond the plan has no proxies of its own and is wired as on a plain stack.
        assertThat(NetServices.processorWiring(plan, plan.maxProcessors() + 1)).isEmpty();
        assertThat(plan.processorBootstrap(plan.maxProcessors() + 1)).isEqualTo(StackSpec.DEFAULT.bootstrapServers());
    }

    @Test
    void theChosenPortsAreKeptForTheStacksLaterCommands(@TempDir Path dir) {
        StackHome home = new StackHome(dir);
        NetPlan chosen = NetSetup.enable(home, StackSpec.DEFAULT);
        assertThat(NetSetup.load(home, StackSpec.DEFAULT.withProcessors(5))).get()
                .extracting(NetPlan::base, NetPlan::maxProcessors).containsExactly(chosen.base(), chosen.maxProcessors());
        assertThat(NetSetup.enable(home, StackSpec.DEFAULT).base()).isEqualTo(chosen.base());
        assertThat(NetSetup.load(new StackHome(dir.resolve("other")), StackSpec.DEFAULT)).isEmpty();
    }
}
