package dev.tally.ingest;

import dev.tally.domain.Consistency;
import dev.tally.domain.IncrementFormat;
import dev.tally.domain.IncrementHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import dev.tally.domain.ResetRecords;
import dev.tally.domain.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** The increments topic as the ingest API sees it: an append-only log that acknowledges durable writes. */
public final class IncrementLog implements AutoCloseable {

    private final Producer<String, String> quorum;
    private final Producer<String, String> leaderOnly;
    private final Duration closeTimeout;
    private final Executor answers;

    /**
     * Takes any producers, so tests can pass Kafka's {@code MockProducer}.
     *
     * @param quorum     for strong writes: acks=all, idempotent
     * @param leaderOnly for eventual writes: acks=1
     */
    public IncrementLog(Producer<String, String> quorum, Producer<String, String> leaderOnly, Duration closeTimeout) {
        this(quorum, leaderOnly, closeTimeout, Runnable::run);
    }

    /**
     * @param answers where whatever waits for an acknowledgement runs (the 202's body and its write to
     *                the client): not on the producer's one network thread, which would then answer every
     *                request of the process in turn and send its batches late
     */
    public IncrementLog(Producer<String, String> quorum, Producer<String, String> leaderOnly, Duration closeTimeout,
                        Executor answers) {
        this.quorum = quorum;
        this.leaderOnly = leaderOnly;
        this.closeTimeout = closeTimeout;
        this.answers = answers;
    }

    /** One producer for both levels (tests that do not tell them apart). */
    public IncrementLog(Producer<String, String> producer, Duration closeTimeout) {
        this(producer, producer, closeTimeout);
    }

    /**
     * @param answers  see the constructor
     * @param registry where both producers' own metrics are exported (Micrometer's {@code kafka_producer_*})
     */
    public static IncrementLog connect(IngestConfig config, Executor answers, MeterRegistry registry) {
        Producer<String, String> quorum = new KafkaProducer<>(producerConfig(config), new StringSerializer(), new StringSerializer());
        Producer<String, String> leaderOnly = new KafkaProducer<>(leaderOnlyConfig(config), new StringSerializer(), new StringSerializer());
        // Never closed: the producers live as long as the process, and so do their meters.
        new KafkaClientMetrics(quorum).bindTo(registry);
        new KafkaClientMetrics(leaderOnly).bindTo(registry);
        return new IncrementLog(quorum, leaderOnly, config.produceTimeout(), answers);
    }

    /**
     * The eventual level: the leader's acknowledgement alone, so a 202 comes sooner, and
     * an increment the leader acknowledged but no follower copied is lost if the leader dies.
     */
    static Properties leaderOnlyConfig(IngestConfig config) {
        Properties props = producerConfig(config);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "tally-ingest-eventual");
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        // Idempotence needs acks=all; without it a retry after a lost acknowledgement could count an
        // increment twice, so this producer does not retry: a failed send is answered 503 and the
        // client decides. Lost is possible at this level, counted twice is not.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.RETRIES_CONFIG, 0);
        return props;
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
        // None by default: see IngestConfig's COMPRESSION for what lz4 cost on the request path.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        // The cluster's security settings (SASL, TLS), under the ones above.
        config.kafkaClient().addTo(props);
        return props;
    }

    /**
     * Appends one increment to a queue's topic; the record key picks the partition, so every
     * increment of a counter (or of one salted sub-key on the excess topic) lands on the same one.
     *
     * @return completes once Kafka acknowledged the write, or fails with the producer's exception
     */
    public CompletableFuture<RecordMetadata> append(Consistency level, IngestQueue queue, String recordKey, long delta,
                                                    String idempotencyKey) {
        return append(level, queue, recordKey, delta, idempotencyKey, answers);
    }

    /**
     * As {@link #append(Consistency, IngestQueue, String, long, String)}, completing on {@code completeOn}:
     * {@code Runnable::run} for a caller that only gathers the acknowledgement and hands its own work to
     * {@link #answers()} once, as a batch does for its items (one hand-off per batch, not one per item).
     */
    public CompletableFuture<RecordMetadata> append(Consistency level, IngestQueue queue, String recordKey, long delta,
                                                    String idempotencyKey, Executor completeOn) {
        ProducerRecord<String, String> record = new ProducerRecord<>(queue.topic(), recordKey, IncrementFormat.encode(delta));
        addIdempotencyKey(record, idempotencyKey);
        return send(level == Consistency.STRONG ? quorum : leaderOnly, record, completeOn);
    }

    /** Where whatever waits for an acknowledgement runs (see the constructor). */
    public Executor answers() {
        return answers;
    }

    /** How many partitions the excess topic has, from the producer's metadata (fetched once, then cached). */
    public int excessPartitionCount() {
        return quorum.partitionsFor(Topics.EXCESS).size();
    }

    /** A reset's marker on one excess partition ({@link ResetRecords}), written durably (acks=all). */
    public CompletableFuture<RecordMetadata> appendResetMarker(int excessPartition, String counterKey) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.EXCESS, excessPartition, counterKey, ResetRecords.VALUE);
        record.headers().add(ResetRecords.HEADER, new byte[0]);
        return send(quorum, record, answers);
    }

    /** A reset on the counter's increments partition, with its markers' offsets ({@link ResetRecords}). */
    public CompletableFuture<RecordMetadata> appendReset(String counterKey, Map<Integer, Long> cuts, String idempotencyKey) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INCREMENTS, counterKey, ResetRecords.VALUE);
        record.headers().add(ResetRecords.HEADER, ResetRecords.encodeCuts(cuts).getBytes(StandardCharsets.UTF_8));
        addIdempotencyKey(record, idempotencyKey);
        return send(quorum, record, answers);
    }

    private static void addIdempotencyKey(ProducerRecord<String, String> record, String idempotencyKey) {
        if (idempotencyKey != null) {
            record.headers().add(IncrementHeaders.IDEMPOTENCY_KEY, idempotencyKey.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** @return completes on {@code completeOn} once Kafka acknowledged the write, or fails with the producer's exception */
    private static CompletableFuture<RecordMetadata> send(Producer<String, String> producer, ProducerRecord<String, String> record,
                                                          Executor completeOn) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(record,
                    (metadata, error) -> completeOn.execute(() -> {
                        if (error != null) {
                            acknowledged.completeExceptionally(error);
                        } else {
                            acknowledged.complete(metadata);
                        }
                    }));
        } catch (RuntimeException e) {
            // send() throws for some failures (closed producer, serialization) instead of calling back.
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    /** Gives in-flight increments up to the delivery budget to be acknowledged, then releases the producer. */
    @Override
    public void close() {
        quorum.close(closeTimeout);
        if (leaderOnly != quorum) {
            leaderOnly.close(closeTimeout);
        }
    }
}
