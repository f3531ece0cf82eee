package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.client.api.ReadOptions;
import dev.tally.client.api.Reply;
import dev.tally.compose.hosts.Hosts;
import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.StatusRow;
import dev.tally.systemtest.support.OnSharedStack;
import dev.tally.systemtest.support.RunsOn;
import dev.tally.systemtest.support.StackShape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code bin/tally up --hosts}: every process in a network namespace of its own, reached only at its own address. */
@RunsOn(StackShape.SEPARATE_HOSTS)
class SeparateHostsIT extends OnSharedStack {

    @Test
    void everyProcessRunsInANetworkNamespaceOfItsOwn() throws Exception {
        Hosts hosts = stack.spec().hosts();
        List<StatusRow> rows = stack.stack().status();
        Set<String> namespaces = new HashSet<>();
        for (StatusRow row : rows) {
            assertThat(row.pid()).as("%s running", row.instance()).isNotNull();
            String namespace = namespaceOf(row.pid());
            assertThat(namespace).as("the namespace of %s", row.instance()).isEqualTo(hosts.namespace(row.instance()));
            namespaces.add(namespace);
        }
        assertThat(namespaces).hasSize(rows.size()).hasSize(3 + 3 + stack.spec().processors() + stack.spec().apiReplicas());
    }

    @Test
    void theProcessorsAdvertiseTheirOwnAddressesAndEveryApiReplicaReadsThroughThem() throws Exception {
        Hosts hosts = stack.spec().hosts();
        List<String> endpoints = new ArrayList<>();
        for (JsonNode instance : stack.routing().path("instances")) {
            endpoints.add(instance.path("endpoint").asText());
        }
        assertThat(endpoints).containsExactlyInAnyOrder(
                hosts.address(Component.PROCESSOR, 1) + ":" + stack.spec().processorPort(1),
                hosts.address(Component.PROCESSOR, 2) + ":" + stack.spec().processorPort(2));

        String key = key("apart");
        Reply write = stack.replica(1).increment(key);
        assertThat(write.status()).as(write.describe()).isEqualTo(202);
        // Each replica, on its own address, finds the key's processor from the routing the processors advertise.
        for (int replica = 1; replica <= stack.spec().apiReplicas(); replica++) {
            Reply read = stack.replica(replica).read(key, ReadOptions.after(write.json().path("token").asText()));
            assertThat(read.status()).as("replica %d: %s", replica, read.describe()).isEqualTo(200);
            assertThat(read.json().path("value").asLong()).as("replica %d", replica).isEqualTo(1);
        }
    }

    private static String namespaceOf(long pid) throws Exception {
        Process identify = new ProcessBuilder("ip", "netns", "identify", Long.toString(pid)).redirectErrorStream(true).start();
        String namespace = new String(identify.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(identify.waitFor()).as("ip netns identify %d: %s", pid, namespace).isZero();
        return namespace;
    }
}
