package dev.tally.processor;

import dev.tally.processor.http.InternalApi;
import dev.tally.processor.store.LocalStoreReader;
import dev.tally.processor.topology.CounterTopology;
import dev.tally.server.Env;
import dev.tally.server.http.ApiException;
import dev.tally.server.metrics.ProcessMeters;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one processor instance: Kafka Streams folding increments into the counts store, and the
 * internal HTTP API that serves this instance's copy of the store. Configured by environment
 * variables (see {@link ProcessorConfig}); SIGTERM shuts it down cleanly.
 */
public final class ProcessorMain {

    private static final Logger log = LoggerFactory.getLogger(ProcessorMain.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private ProcessorMain() {
    }

    public static void main(String[] args) {
        ProcessorConfig config;
        try {
            config = ProcessorConfig.fromEnv(Env.system());
        } catch (IllegalArgumentException e) {
            System.err.println("tally processor: " + e.getMessage());
            System.exit(2);
            return;
        }
        String name = config.instanceName();

        PrometheusMeterRegistry registry = ProcessMeters.create("processor", "processor", name);
        ProcessorMetrics metrics = new ProcessorMetrics(registry);
        KafkaStreams streams = new KafkaStreams(CounterTopology.build(config, metrics), StreamsSettings.from(config));
        // Kafka Streams' own meters (threads, tasks, stores, its clients) as kafka_stream_*; never closed, like the streams.
        new KafkaStreamsMetrics(streams).bindTo(registry);
        streams.setStateListener((newState, oldState) -> {
            log.info("{} streams state {} -> {}", name, oldState, newState);
            if (newState == KafkaStreams.State.ERROR) {
                // Terminal: no thread is left to process. Exit so the launcher sees it and restarts
                // us; from another thread, because the shutdown hook waits for the stream threads.
                log.error("{} streams failed for good; exiting", name);
                new Thread(() -> System.exit(1), name + "-exit").start();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            // Processing errors are dead-lettered (DeadLetters); what reaches here is an
            // unexpected failure (broker trouble, a bug). A fresh thread resumes from the last commit.
            log.error("{} stream thread died; replacing it", name, e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });

        IncrementsPartitionCount partitionCount = new IncrementsPartitionCount(config.bootstrapServers(), config.kafkaClient());
        LocalStoreReader reader = new LocalStoreReader(streams, config, partitionCount);
        Javalin http = InternalApi.create(reader,
                () -> metrics.snapshot(name, config.staleThresholdSec(), reader.storeLags()),
                registry, new StoreLagGauge(registry, reader::storeLags), config.host(), config.port(),
                config.internalSecret());

        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            log.info("{} stopping", name);
            http.stop();
            // Leave the group on the way out: the others take over our partitions at once instead
            // of waiting out the session timeout (REMAIN_IN_GROUP is the classic-protocol default).
            boolean clean = streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            log.info("{} stopped{}", name, clean ? "" : " (streams did not close within " + CLOSE_TIMEOUT.toSeconds() + " s)");
        }, name + "-shutdown"));

        // HTTP first: a port clash stops us before we join the group and cause a rebalance for nothing.
        try {
            http.start();
        } catch (RuntimeException e) {
            log.error("{} cannot serve its internal API on {}", name, config.endpoint(), e);
            System.exit(1);
        }
        streams.start();
        log.info("{} started, internal API on {}; excess flushed every {} ms, STALE_THRESHOLD_SEC={}, "
                        + "IDEMPOTENCY_RETENTION_SEC={}", name, config.endpoint(), config.excessFlushMs(),
                config.staleThresholdSec(), config.idempotencyRetentionSec());

        if (!stopping.get()) {
            try {
                log.info("{} sees {} partitions on the increments topic", name, partitionCount.getAsInt());
            } catch (ApiException e) {
                log.warn("{}: {} (will ask again when needed)", name, e.getMessage());
            }
        }
    }
}
