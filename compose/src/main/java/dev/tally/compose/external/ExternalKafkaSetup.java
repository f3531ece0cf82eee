package dev.tally.compose.external;

import dev.tally.compose.stack.StackException;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.nio.file.Files;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code bin/tally up --kafka}: remembers the cluster in the stack home, then, at every {@code up},
 * checks it and sets up its topics before the processors and API replicas start.
 */
public final class ExternalKafkaSetup {

    private ExternalKafkaSetup() {
    }

    /**
     * Makes the stack home one that runs against this cluster. A home whose brokers tally started, or
     * that runs against another cluster, is refused: the processors' state belongs to its own cluster.
     */
    public static void remember(StackHome home, ExternalKafka kafka) {
        if (Files.exists(home.brokerData(1)) || Files.exists(home.controllerData(1))) {
            throw new StackException("the stack in " + home.root() + " runs its own brokers; for --kafka use another"
                    + " TALLY_HOME, or run `bin/tally down --purge` first");
        }
        ExternalKafka.load(home.externalKafka())
                .filter(saved -> !saved.bootstrapServers().equals(kafka.bootstrapServers()))
                .ifPresent(saved -> {
                    throw new StackException("the stack in " + home.root() + " runs against Kafka at " + saved.bootstrapServers()
                            + " and its processors' state belongs to that cluster; run `bin/tally down --purge` before"
                            + " pointing it at " + kafka.bootstrapServers());
                });
        kafka.withMinSessionTimeoutMs(ExternalKafka.load(home.externalKafka()).map(ExternalKafka::minSessionTimeoutMs).orElse(0))
                .save(home.externalKafka());
    }

    /**
     * Checks the cluster ({@link ClusterPreflight}) and creates or checks the topics ({@link ExternalTopics}),
     * saying what it finds through {@code say(step, line)}.
     *
     * @return the cluster as found, with the session timeout floor its brokers set (saved in the home)
     */
    public static ExternalKafka prepare(StackHome home, ExternalKafka kafka, StackSpec spec, BiConsumer<String, String> say) {
        say.accept("kafka", "external cluster at " + kafka.bootstrapServers()
                + (kafka.clientConfigFile() == null ? "" : " with client properties " + kafka.clientConfigFile()) + "; tally starts no brokers");
        ExternalKafka found;
        try (Admin admin = admin(kafka)) {
            ClusterPreflight.Findings findings = ClusterPreflight.check(admin, kafka, spec);
            findings.lines().forEach(line -> say.accept("kafka", line));
            ExternalTopics.ensure(admin, spec, kafka.bootstrapServers()).forEach(line -> say.accept("topics", line));
            found = kafka.withMinSessionTimeoutMs(findings.minSessionTimeoutMs());
        }
        if (found.minSessionTimeoutMs() > ExternalKafka.PROCESSOR_SESSION_TIMEOUT_MS) {
            say.accept("kafka", "the brokers' group.min.session.timeout.ms is " + found.minSessionTimeoutMs() + " ms: processors use it"
                    + " as SESSION_TIMEOUT_MS unless it is set, so a dead processor's partitions move after that long");
        }
        found.save(home.externalKafka());
        return found;
    }

    private static Admin admin(ExternalKafka kafka) {
        try {
            return kafka.admin();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ClusterProblems.explain(kafka.bootstrapServers(), "create a client with --kafka-config", e);
        }
    }
}
