package dev.tally.perf.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.client.api.Reply;
import dev.tally.client.api.TallyClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a running stack as its API reports it ({@code GET /status}): what a scenario run with
 * {@code --url} measures, whatever it would have started for itself.
 *
 * @param replicationFactor  replicas of each increments partition
 * @param writeQuorum        its min.insync.replicas now
 * @param partitions         partitions of the increments topic
 * @param brokers            brokers the API knows of
 * @param processorEndpoints each processor's internal endpoint (host:port)
 */
public record StackView(int replicationFactor, int writeQuorum, int partitions, int brokers,
                        List<String> processorEndpoints) {

    public static StackView of(TallyClient api) {
        Reply status = api.status();
        if (status.status() != 200) {
            throw new IllegalStateException("GET /status answered " + status.describe());
        }
        return parse(status.json());
    }

    static StackView parse(JsonNode status) {
        JsonNode main = null;
        for (JsonNode queue : status.path("queues")) {
            if ("main".equals(queue.path("queue").asText())) {
                main = queue;
            }
        }
        if (main == null || main.path("partitions").isEmpty()) {
            throw new IllegalStateException("GET /status names no partition of the main queue: " + status);
        }
        JsonNode first = main.path("partitions").elements().next();
        List<String> processors = new ArrayList<>();
        status.path("processors").forEach(p -> processors.add(p.path("endpoint").asText()));
        return new StackView(first.path("replicas").size(), first.path("minInsyncReplicas").asInt(),
                main.path("partitions").size(), status.path("brokers").size(), List.copyOf(processors));
    }

    public List<String> processorUrls() {
        return processorEndpoints.stream().map(endpoint -> "http://" + endpoint).toList();
    }
}
