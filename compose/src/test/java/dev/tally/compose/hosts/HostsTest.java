package dev.tally.compose.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.StackSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostsTest {

    private final Hosts apart = new Hosts(254);

    @Test
    void onLoopbackEveryProcessIsAt127001() {
        for (Component component : List.of(Component.CONTROLLER, Component.BROKER, Component.PROCESSOR, Component.API)) {
            assertThat(Hosts.LOOPBACK.address(component, 1)).isEqualTo("127.0.0.1");
        }
        assertThat(Hosts.LOOPBACK.separate()).isFalse();
    }

    @Test
    void onSeparateHostsEveryProcessOfTheLargestStackHasAnAddressOfItsOwnInTheStacksNetwork() {
        List<String> addresses = new ArrayList<>();
        for (Instance instance : largestStack()) {
            addresses.add(apart.address(instance));
        }
        assertThat(new HashSet<>(addresses)).hasSameSizeAs(addresses).doesNotContain(apart.gateway());
        assertThat(addresses).allMatch(a -> a.startsWith("10.77.254.")).allMatch(a -> Integer.parseInt(a.substring(10)) < 255);
        assertThat(apart.address(Component.BROKER, 2)).isEqualTo("10.77.254.22");
        assertThat(apart.address(Component.PROCESSOR, 1)).isEqualTo("10.77.254.101");
    }

    @Test
    void interfaceNamesFitLinuxsFifteenCharactersAndNamespacesSayWhichProcessTheyHold() {
        List<String> cables = largestStack().stream().map(apart::cable).toList();
        assertThat(cables).allMatch(name -> name.length() <= 15).doesNotHaveDuplicates();
        assertThat(apart.bridge()).isEqualTo("tly254");
        assertThat(apart.namespace(new Instance(Component.PROCESSOR, 3))).isEqualTo("tly254-processor-3");
    }

    @Test
    void theFaultProxiesNeverRunOnSeparateHostsAndTheNetworkIsOneOctet() {
        assertThatThrownBy(() -> apart.address(Component.NET, 1)).hasMessageContaining("loopback");
        assertThatThrownBy(() -> new Hosts(255)).hasMessageContaining("1 to 254");
    }

    @Test
    void aStackOnSeparateHostsIsReachedAtItsProcessesAddresses() {
        StackSpec spec = StackSpec.DEFAULT.withApiReplicas(2).withHosts(new Hosts(7));
        assertThat(spec.bootstrapServers()).isEqualTo("10.77.7.21:9092,10.77.7.22:9093,10.77.7.23:9094");
        assertThat(spec.processorUrls()).containsExactly("http://10.77.7.101:8101", "http://10.77.7.102:8102");
        assertThat(spec.apiUrl()).isEqualTo("http://10.77.7.201:8000");
        assertThat(spec.apiAdminUrl(2)).isEqualTo("http://10.77.7.202:8012");
    }

    /** The most of each process a stack can have: 3 controllers, 9 brokers, 50 processors (and spares), 16 API replicas. */
    private static List<Instance> largestStack() {
        List<Instance> all = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            all.add(new Instance(Component.CONTROLLER, n));
        }
        for (int n = 1; n <= 9; n++) {
            all.add(new Instance(Component.BROKER, n));
        }
        for (int n = 1; n <= 54; n++) {
            all.add(new Instance(Component.PROCESSOR, n));
        }
        for (int n = 1; n <= 16; n++) {
            all.add(new Instance(Component.API, n));
        }
        return all;
    }
}
