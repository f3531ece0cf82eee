package dev.tally.processor;

import dev.tally.domain.Topics;
import dev.tally.server.http.ApiException;
import dev.tally.domain.KafkaClientConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * How many partitions the increments topic has, asked of the cluster once and then remembered.
 *
 * <p>Why not derive it from the Streams metadata (highest owned partition + 1, or the union of the
 * active partitions)? Those only list partitions that currently have an owner: during a rebalance,
 * or while the only copy of a partition is on a dead instance, the count would shrink and the query
 * API would hash keys to the wrong partitions. The topic's partition count does not change while
 * tally runs (adding partitions would move keys), so one {@code describeTopics} is enough; until it
 * succeeds each call retries it and fails with 503 {@code metadata_unavailable}.
 */
public final class IncrementsPartitionCount implements IntSupplier {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String bootstrapServers;
    private final KafkaClientConfig kafkaClient;
    private volatile int count;

    public IncrementsPartitionCount(String bootstrapServers, KafkaClientConfig kafkaClient) {
        this.bootstrapServers = bootstrapServers;
        this.kafkaClient = kafkaClient;
    }

    /** @throws ApiException 503 {@code metadata_unavailable} if the cluster cannot tell yet */
    @Override
    public int getAsInt() {
        int known = count;
        if (known > 0) {
            return known;
        }
        synchronized (this) {
            if (count == 0) {
                count = describe();
            }
            return count;
        }
    }

    private int describe() {
        Admin admin = Admin.create(kafkaClient.under(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // Give up on a missing cluster in seconds rather than the 60 s default.
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.CLIENT_ID_CONFIG, Topics.PROCESSOR_APPLICATION_ID + "-partition-count")));
        try {
            TopicDescription description = admin.describeTopics(List.of(Topics.INCREMENTS))
                    .allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(Topics.INCREMENTS);
            return description.partitions().size();
        } catch (ExecutionException e) {
            throw unavailable(String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            throw unavailable("no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    private static ApiException unavailable(String reason) {
        return ApiException.unavailable("metadata_unavailable",
                "cannot tell how many partitions topic " + Topics.INCREMENTS + " has: " + reason);
    }
}
