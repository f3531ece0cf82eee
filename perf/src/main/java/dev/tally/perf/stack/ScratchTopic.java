package dev.tally.perf.stack;

import dev.tally.domain.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A topic laid out like the increments topic (partitions, replication factor, min.insync.replicas),
 * for Kafka's own producer benchmark to write to, so its figure compares with tally's; deleted at close.
 */
public final class ScratchTopic implements AutoCloseable {

    private final Admin admin;
    private final String name;
    private final int partitions;
    private final int replicationFactor;
    private final int minInsyncReplicas;

    private ScratchTopic(Admin admin, String name, int partitions, int replicationFactor, int minInsyncReplicas) {
        this.admin = admin;
        this.name = name;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.minInsyncReplicas = minInsyncReplicas;
    }

    public static ScratchTopic likeIncrements(String bootstrapServers, String name) throws ExecutionException, InterruptedException {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        try {
            TopicDescription increments = admin.describeTopics(List.of(Topics.INCREMENTS)).allTopicNames().get().get(Topics.INCREMENTS);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.INCREMENTS);
            String minIsr = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value();
            int partitions = increments.partitions().size();
            int replicas = increments.partitions().get(0).replicas().size();
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) replicas)
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr)))).all().get();
            return new ScratchTopic(admin, name, partitions, replicas, Integer.parseInt(minIsr));
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public int partitions() {
        return partitions;
    }

    public int replicationFactor() {
        return replicationFactor;
    }

    public int minInsyncReplicas() {
        return minInsyncReplicas;
    }

    @Override
    public void close() {
        try {
            admin.deleteTopics(List.of(name)).all().get();
        } catch (ExecutionException | RuntimeException e) {
            System.err.println("perf: could not delete the scratch topic " + name + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            admin.close();
        }
    }
}
