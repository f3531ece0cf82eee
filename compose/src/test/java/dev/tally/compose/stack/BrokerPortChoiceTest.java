package dev.tally.compose.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BrokerPortChoiceTest {

    @Test
    void aNewDefaultStackTakesKafkasConventionalPortsWhenFree() {
        BrokerPortChoice.Choice choice = BrokerPortChoice.forNewStack(StackSpec.DEFAULT, port -> true);
        assertThat(choice.spec()).isEqualTo(StackSpec.DEFAULT);
        assertThat(choice.spec().bootstrapServers()).startsWith("127.0.0.1:9092,");
        assertThat(choice.note()).isNull();
    }

    @Test
    void whenOneOfThemIsTakenTheBrokersMoveAndUpSaysWhere() {
        Set<Integer> taken = Set.of(9093);
        BrokerPortChoice.Choice choice = BrokerPortChoice.forNewStack(StackSpec.DEFAULT, port -> !taken.contains(port));
        assertThat(choice.spec().bootstrapServers()).isEqualTo("127.0.0.1:19091,127.0.0.1:19092,127.0.0.1:19093");
        assertThat(choice.spec().withPorts(8000, 9091, 19190, 8100)).isEqualTo(StackSpec.DEFAULT);
        assertThat(choice.note()).isEqualTo("ports 9092-9094 taken (another Kafka?): the brokers listen on 19091-19093 instead;"
                + " bin/kafka-*.sh find them without --bootstrap-server");
    }

    @Test
    void aStackOnPortsOfItsOwnIsLeftAlone() {
        StackSpec test = StackSpec.DEFAULT.withPorts(20000, 20100, 20200, 20300);
        assertThat(BrokerPortChoice.forNewStack(test, port -> false).spec()).isEqualTo(test);
    }
}
