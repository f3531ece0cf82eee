package dev.tally.compose.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.compose.hosts.Hosts;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

    private final StackHome home = new StackHome(Path.of("/tmp/stack"));

    @Test
    void brokersAreOnlyBrokersAndFindTheThreeDedicatedControllers() {
        Map<String, String> p = BrokerProperties.forBroker(StackSpec.DEFAULT, home, 2);
        assertThat(p).containsEntry("process.roles", "broker")
                .containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "101@127.0.0.1:19191,102@127.0.0.1:19192,103@127.0.0.1:19193")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9093")
                .containsEntry("log.dirs", "/tmp/stack/data/broker-2");
    }

    @Test
    void controllersAreOnlyControllersAndFenceADeadBrokerIn3Seconds() {
        Map<String, String> p = BrokerProperties.forController(StackSpec.DEFAULT, home, 3);
        assertThat(p).containsEntry("process.roles", "controller")
                .containsEntry("node.id", "103")
                .containsEntry("controller.quorum.voters", "101@127.0.0.1:19191,102@127.0.0.1:19192,103@127.0.0.1:19193")
                .containsEntry("listeners", "CONTROLLER://127.0.0.1:19193")
                .containsEntry("broker.session.timeout.ms", "3000")
                .containsEntry("log.dirs", "/tmp/stack/data/controller-3")
                .doesNotContainKey("advertised.listeners");
    }

    @Test
    void onSeparateHostsEachBrokerAndControllerListensOnAndAdvertisesItsOwnAddress() {
        StackSpec apart = StackSpec.DEFAULT.withHosts(new Hosts(5));
        assertThat(BrokerProperties.forBroker(apart, home, 2))
                .containsEntry("listeners", "PLAINTEXT://10.77.5.22:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://10.77.5.22:9093")
                .containsEntry("controller.quorum.voters", "101@10.77.5.11:19191,102@10.77.5.12:19192,103@10.77.5.13:19193");
        assertThat(BrokerProperties.forController(apart, home, 1)).containsEntry("listeners", "CONTROLLER://10.77.5.11:19191");
    }

    @Test
    void oneOrTwoBrokersGetOneController() {
        StackSpec two = new StackSpec(2, 2, 1, 6, 2, 1, 8000, 19090, 19190, 8100);
        assertThat(BrokerProperties.forBroker(two, home, 1)).containsEntry("controller.quorum.voters", "101@127.0.0.1:19191");
    }

    @Test
    void internalTopicsAreAsDurableAsTheStacksOwn() {
        StackSpec fiveOfSeven = new StackSpec(7, 5, 3, 6, 2, 1, 8000, 19090, 19190, 8100);
        Map<String, String> p = BrokerProperties.forBroker(fiveOfSeven, home, 7);
        assertThat(p).containsEntry("offsets.topic.replication.factor", "5")
                .containsEntry("transaction.state.log.replication.factor", "5")
                .containsEntry("transaction.state.log.min.isr", "3")
                .containsEntry("min.insync.replicas", "3")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("offsets.retention.minutes", Integer.toString(Integer.MAX_VALUE));
    }

    @Test
    void rendersAsAPropertiesFile() {
        assertThat(BrokerProperties.render(Map.of("node.id", "1"))).isEqualTo("node.id=1\n");
    }
}
