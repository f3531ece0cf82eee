package dev.tally.compose.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

    private final StackHome home = new StackHome(Path.of("/tmp/stack"));

    @Test
    void everyNodeIsABrokerAndAControllerThatKnowsAllVoters() {
        Map<String, String> p = BrokerProperties.forNode(StackSpec.DEFAULT, home, 2);
        assertThat(p).containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19191,2@127.0.0.1:19192,3@127.0.0.1:19193")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19192")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("log.dirs", "/tmp/stack/data/broker-2");
    }

    @Test
    void internalTopicsAreAsDurableAsTheStacksOwn() {
        StackSpec fiveOfSeven = new StackSpec(7, 5, 3, 6, 2, 1, 8000, 19090, 19190, 8100);
        Map<String, String> p = BrokerProperties.forNode(fiveOfSeven, home, 7);
        assertThat(p).containsEntry("offsets.topic.replication.factor", "5")
                .containsEntry("transaction.state.log.replication.factor", "5")
                .containsEntry("transaction.state.log.min.isr", "3")
                .containsEntry("min.insync.replicas", "3")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void rendersAsAPropertiesFile() {
        assertThat(BrokerProperties.render(Map.of("node.id", "1"))).isEqualTo("node.id=1\n");
    }
}
