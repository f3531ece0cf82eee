package dev.tally.ingest;

import dev.tally.common.IncrementFormat;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** The increments topic as the ingest API sees it: an append-only log that acknowledges durable writes. */
public final class IncrementLog implements AutoCloseable {

    private final Producer<String, String> producer;
    private final Duration closeTimeout;

    /** Takes any producer, so tests can pass Kafka's {@code MockProducer}. */
    public IncrementLog(Producer<String, String> producer, Duration closeTimeout) {
        this.producer = producer;
        this.closeTimeout = closeTimeout;
    }

    public static IncrementLog connect(IngestConfig config) {
        return new IncrementLog(
                new KafkaProducer<>(producerConfig(config), new StringSerializer(), new StringSerializer()),
                config.produceTimeout());
    }

    static Properties producerConfig(IngestConfig config) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        // Names this producer in broker logs and metrics.
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "tally-ingest");
        // A 202 promises the increment survives the loss of the leader: wait for every in-sync replica
        // (with the topic's min.insync.replicas, a write lacking enough replicas is refused, not lost).
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Retries after a lost acknowledgement must not count an increment twice: the broker
        // de-duplicates by producer id and sequence number.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A couple of milliseconds lets concurrent requests share a batch; one request barely notices.
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) config.linger().toMillis());
        // The whole budget of one increment, retries included. It must outlast a leader failover so
        // that the client sees a slow 202 rather than a 503 for a few seconds of broker trouble.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.produceTimeout().toMillis());
        // One attempt's timeout; shorter than the delivery budget so a request stuck on a dying broker
        // is abandoned and retried against the new leader while the budget still allows it.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.requestTimeout().toMillis());
        // send() itself blocks while it waits for topic metadata (first write, unknown leader) or for
        // buffer space; bound that by the same budget instead of the default 60 s, so a request thread
        // never hangs longer than the client would wait for an answer anyway.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.produceTimeout().toMillis());
        // Decimal-text values compress well, and lz4 costs little CPU on the request path.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return props;
    }

    /**
     * Appends one increment to a queue's topic; the record key picks the partition, so every
     * increment of a counter (or of one salted sub-key on the excess topic) lands on the same one.
     *
     * @return completes once Kafka acknowledged the write, or fails with the producer's exception
     */
    public CompletableFuture<RecordMetadata> append(IngestQueue queue, String recordKey, long delta) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(queue.topic(), recordKey, IncrementFormat.encode(delta)),
                    (metadata, error) -> {
                        if (error != null) {
                            acknowledged.completeExceptionally(error);
                        } else {
                            acknowledged.complete(metadata);
                        }
                    });
        } catch (RuntimeException e) {
            // send() throws for some failures (closed producer, serialization) instead of calling back.
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    /** Gives in-flight increments up to the delivery budget to be acknowledged, then releases the producer. */
    @Override
    public void close() {
        producer.close(closeTimeout);
    }
}
