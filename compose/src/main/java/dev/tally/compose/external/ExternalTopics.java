package dev.tally.compose.external;

import dev.tally.compose.stack.StackException;
import dev.tally.compose.stack.StackSpec;
import dev.tally.domain.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The data-path topics on a cluster tally did not start: created when missing, with the stack's
 * partitions, replication factor, write quorum and retention; when they exist, left as they are
 * (they are the cluster owner's) and every difference said in one line per topic.
 */
public final class ExternalTopics {

    static final List<String> TOPICS = List.of(Topics.INCREMENTS, Topics.EXCESS, Topics.DEAD_LETTERS);
    private static final long TIMEOUT_S = 15;

    private ExternalTopics() {
    }

    /** @return one line per topic: created, kept, or kept and how it differs */
    public static List<String> ensure(Admin admin, StackSpec spec, String cluster) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            List<String> report = new ArrayList<>();
            List<String> present = TOPICS.stream().filter(existing::contains).toList();
            Map<String, TopicLayout> actual = present.isEmpty() ? Map.of() : describe(admin, present);
            for (String topic : TOPICS) {
                TopicLayout wanted = TopicLayout.wanted(topic, spec);
                if (actual.containsKey(topic)) {
                    report.add(compare(topic, wanted, actual.get(topic)));
                } else {
                    admin.createTopics(List.of(new NewTopic(topic, wanted.partitions(), (short) wanted.replicationFactor())
                            .configs(wanted.configs()))).all().get(TIMEOUT_S, TimeUnit.SECONDS);
                    report.add("created " + topic + " (" + wanted.partitions() + " partitions, replication factor "
                            + wanted.replicationFactor() + ", min.insync.replicas " + spec.minInsyncReplicas() + ")");
                }
            }
            return report;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while setting up the topics on " + cluster);
        } catch (StackException e) {
            throw e;
        } catch (Exception e) {
            throw ClusterProblems.explain(cluster, "create or describe its topics", e);
        }
    }

    /** One line about an existing topic; a differing partition count stops the launch. */
    static String compare(String topic, TopicLayout wanted, TopicLayout actual) {
        if (actual.partitions() != wanted.partitions()) {
            // The processors and the query API would follow the topic, but the stack's shape would not say
            // so; and changing a topic's count moves keys between partitions and splits their counts.
            throw new StackException(topic + " exists with " + actual.partitions() + " partitions, not " + wanted.partitions()
                    + "; pass --partitions " + actual.partitions() + " to use it as it is");
        }
        List<String> differences = actual.differencesFrom(wanted);
        return differences.isEmpty() ? "kept " + topic + " (as tally would make it)"
                : "kept " + topic + ", which differs: " + String.join(", ", differences)
                + "; tally does not change another cluster's topics (kafka-configs.sh --alter does)";
    }

    private static Map<String, TopicLayout> describe(Admin admin, List<String> topics) throws Exception {
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        Map<String, TopicLayout> layouts = new HashMap<>();
        for (ConfigResource resource : resources) {
            TopicDescription description = descriptions.get(resource.name());
            Map<String, String> values = new HashMap<>();
            for (ConfigEntry entry : configs.get(resource).entries()) {
                values.put(entry.name(), entry.value());
            }
            layouts.put(resource.name(), new TopicLayout(description.partitions().size(),
                    description.partitions().get(0).replicas().size(), values));
        }
        return layouts;
    }
}
