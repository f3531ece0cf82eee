package dev.tally.compose.external;

import dev.tally.compose.stack.StackException;
import dev.tally.compose.stack.StackSpec;
import dev.tally.domain.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Checks, before any process starts, that a cluster tally did not start can run tally: it answers,
 * it is new enough, it has the brokers the replication factor and the transaction log need, and it
 * lets tally's principal use its consumer group and transactional ids. Each failure is one line
 * saying what is wrong and how to fix it (a {@link StackException}).
 */
public final class ClusterPreflight {

    private static final long TIMEOUT_S = 10;
    /** A transactional id under the processors' prefix, so one prefixed ACL covers the check and the processors. */
    static final String CHECK_TRANSACTIONAL_ID = Topics.PROCESSOR_APPLICATION_ID + "-launcher-check";
    private static final Duration TRANSACTION_WAIT = Duration.ofSeconds(30);

    /**
     * @param lines               what was found, for the launcher to print
     * @param minSessionTimeoutMs the brokers' group.min.session.timeout.ms, 0 when they would not say
     */
    public record Findings(List<String> lines, int minSessionTimeoutMs) {
    }

    private ClusterPreflight() {
    }

    public static Findings check(Admin admin, ExternalKafka kafka, StackSpec spec) {
        String cluster = kafka.bootstrapServers();
        List<String> lines = new ArrayList<>();
        Collection<Node> nodes = await(cluster, "describe the cluster", () -> admin.describeCluster().nodes().get(TIMEOUT_S, TimeUnit.SECONDS));
        FeatureMetadata features = await(cluster, "describe its features", () -> admin.describeFeatures().featureMetadata().get(TIMEOUT_S, TimeUnit.SECONDS));
        lines.add(nodes.size() + " broker(s) (ids " + nodes.stream().map(Node::idString).sorted().collect(Collectors.joining(", ")) + "), "
                + featureSummary(features));
        if (nodes.size() < spec.replicationFactor()) {
            throw new StackException("the cluster at " + cluster + " has " + nodes.size() + " broker(s), fewer than the replication"
                    + " factor " + spec.replicationFactor() + "; pass --replication-factor " + nodes.size() + " (or less) or add brokers");
        }

        int minSessionTimeoutMs = 0;
        BrokerSettings settings = brokerSettings(admin, nodes.iterator().next(), cluster);
        if (settings == null) {
            lines.add("cannot read the brokers' settings (no DESCRIBE_CONFIGS on the cluster); the transaction log is checked by use");
        } else {
            List<String> problems = settings.problems(nodes.size());
            if (!problems.isEmpty()) {
                throw new StackException(problems.get(0));
            }
            minSessionTimeoutMs = settings.minSessionTimeoutMs();
        }

        // The API reads the processors' committed offsets to tell each queue's backlog; the processors join the group.
        await(cluster, "read the offsets of consumer group " + Topics.PROCESSOR_APPLICATION_ID,
                () -> admin.listConsumerGroupOffsets(Topics.PROCESSOR_APPLICATION_ID).partitionsToOffsetAndMetadata().get(TIMEOUT_S, TimeUnit.SECONDS));
        lines.add("transactions work (" + transactionCheck(kafka) + ")");
        return new Findings(lines, minSessionTimeoutMs);
    }

    /** Opens and commits an empty transaction, as every processor does at start (exactly_once_v2). */
    private static String transactionCheck(ExternalKafka kafka) {
        long start = System.nanoTime();
        Map<String, Object> config = kafka.clientConfig().under(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "tally-launcher-check",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, CHECK_TRANSACTIONAL_ID,
                // The first transaction on a cluster creates its transaction log: that may take a while.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TRANSACTION_WAIT.toMillis()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.commitTransaction();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new StackException("Kafka at " + kafka.bootstrapServers() + " answers, but no transaction coordinator did within "
                    + TRANSACTION_WAIT.toSeconds() + " s, so exactly-once processing cannot start: check that the brokers'"
                    + " transaction.state.log.replication.factor and min.isr fit the live brokers");
        } catch (RuntimeException e) {
            throw ClusterProblems.explain(kafka.bootstrapServers(), "use transactional id " + CHECK_TRANSACTIONAL_ID, e);
        }
        return "an empty transaction committed in " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms";
    }

    /** @return null when the principal may not read the brokers' configs (not needed to run tally) */
    private static BrokerSettings brokerSettings(Admin admin, Node broker, String cluster) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
        try {
            Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_S, TimeUnit.SECONDS).get(resource);
            return new BrokerSettings(BrokerSettings.NAMES.stream().filter(name -> config.get(name) != null)
                    .collect(Collectors.toMap(name -> name, name -> config.get(name).value())));
        } catch (Exception e) {
            if (e.getCause() instanceof ClusterAuthorizationException) {
                return null;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw ClusterProblems.explain(cluster, "describe the brokers' settings", e);
        }
    }

    /** The feature levels exactly-once depends on, as the brokers finalized them. */
    static String featureSummary(FeatureMetadata features) {
        List<String> levels = new ArrayList<>();
        for (String feature : List.of("metadata.version", "transaction.version")) {
            var finalized = features.finalizedFeatures().get(feature);
            if (finalized != null) {
                levels.add(feature + " " + finalized.maxVersionLevel());
            }
        }
        return levels.isEmpty() ? "no finalized features (a ZooKeeper-era cluster)" : String.join(", ", levels);
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T await(String cluster, String doing, Call<T> call) {
        try {
            return call.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while trying to " + doing + " at " + cluster);
        } catch (Exception e) {
            throw ClusterProblems.explain(cluster, doing, e);
        }
    }
}
