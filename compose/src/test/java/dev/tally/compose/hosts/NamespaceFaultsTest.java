package dev.tally.compose.hosts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.compose.stack.StackSpec;
import org.junit.jupiter.api.Test;

class NamespaceFaultsTest {

    private final NamespaceFaults faults = new NamespaceFaults(StackSpec.DEFAULT.withHosts(new Hosts(250)));

    @Test
    void aLagIsRefusedWithWhereItCanBeHad() {
        assertThatThrownBy(() -> faults.lag("broker-1", "0-100")).hasMessageContaining("tc netem").hasMessageContaining("--net-faults");
    }

    @Test
    void aProcessTheStackDoesNotHaveIsRefusedWithTheOnesItHas() {
        assertThatThrownBy(() -> faults.partition("broker-4"))
                .hasMessageContaining("no process \"broker-4\"")
                .hasMessageContaining("controller-1, controller-2, controller-3, broker-1, broker-2, broker-3, processor-1, processor-2, api-1");
    }
}
