package dev.tally.perf.stack;

import dev.tally.client.api.Reply;
import dev.tally.compose.stack.StackHome;
import dev.tally.domain.Json;
import dev.tally.domain.wire.InstanceInfo;
import dev.tally.domain.wire.RoutingSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Which processor runs the active task of each partition, as the processors' {@code /internal/routing} tells it. */
public final class Routing {

    private Routing() {
    }

    /** The view of the first of these processors that answers. */
    public static RoutingSnapshot snapshot(List<String> processorUrls, StackHome home) {
        List<String> failures = new ArrayList<>();
        for (String url : processorUrls) {
            Reply reply = ProcessorCalls.client(url, home).get("/internal/routing");
            if (reply.status() == 200) {
                try {
                    return Json.MAPPER.readValue(reply.body(), RoutingSnapshot.class);
                } catch (IOException e) {
                    failures.add(url + ": " + e.getMessage());
                }
            } else {
                failures.add(url + ": HTTP " + reply.status());
            }
        }
        throw new IllegalStateException("no processor told its routing: " + failures);
    }

    /** partition → endpoint of its active task; a partition with no active task (mid-rebalance) is absent. */
    public static Map<Integer, String> activeOwners(RoutingSnapshot snapshot) {
        Map<Integer, String> owners = new TreeMap<>();
        for (InstanceInfo instance : snapshot.instances()) {
            instance.active().forEach(partition -> owners.put(partition, instance.endpoint()));
        }
        return owners;
    }

    /** partition → endpoints keeping a standby copy of it. */
    public static Map<Integer, Set<String>> standbyHolders(RoutingSnapshot snapshot) {
        Map<Integer, Set<String>> holders = new TreeMap<>();
        for (InstanceInfo instance : snapshot.instances()) {
            instance.standby().forEach(partition -> holders.computeIfAbsent(partition, p -> new TreeSet<>()).add(instance.endpoint()));
        }
        return holders;
    }
}
