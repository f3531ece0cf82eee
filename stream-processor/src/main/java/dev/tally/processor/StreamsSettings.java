package dev.tally.processor;

import dev.tally.domain.Topics;
import dev.tally.processor.store.BoundedRocksDbMemory;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.assignment.assignors.StickyTaskAssignor;

/** The Kafka Streams configuration of a processor instance, each key set where its reason is written. */
public final class StreamsSettings {

    /** What a fetch waits for before FETCH_MAX_WAIT_MS runs out: some hundreds of increments. */
    static final int FETCH_MIN_BYTES = 64 * 1024;

    private StreamsSettings() {
    }

    public static Properties from(ProcessorConfig config) {
        Properties props = new Properties();
        // The consumer group every processor instance joins, and the prefix of the internal topics
        // (tally-processor-counts-changelog). All instances must agree on it to share the work.
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, Topics.PROCESSOR_APPLICATION_ID);
        // Where to find the cluster.
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        // Applying an increment, writing the new count to the changelog and committing the input
        // offset happen in one transaction: a crash never counts an increment twice or loses it.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Streams' own defaults; pinned because the session timeout below is a classic-protocol
        // setting (under group.protocol=streams the broker decides it) and failover time depends on it.
        props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic");
        // Keep a warm copy of each partition's store on another instance: when an instance dies the
        // survivor is promoted without replaying the changelog, and meanwhile serves stale reads.
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        // The changelog is the durable copy of every count: replicate it like the input topic.
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.replicationFactor());
        // ...and refuse a changelog write that fewer replicas acknowledge (EOS producers use acks=all),
        // so losing one broker loses no committed count.
        props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), config.minInsyncReplicas());
        // One thread per worker; each thread runs some of the partitions' tasks.
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.workerCount());
        // Each instance keeps its RocksDB files apart, so several instances can share one machine.
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        // Every store of this instance shares one bounded budget of off-heap memory (cache and memtables)
        // instead of each holding its own: memory stays flat however many partitions and keys it holds.
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        props.put(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, config.rocksDbMemoryMb() * 1024L * 1024L);
        // Advertised to the group: every member learns which host:port serves which partitions,
        // which is what the query API's routing is built from.
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.endpoint());
        // How long a silently dead instance keeps its partitions: the survivor takes over only after this.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), config.sessionTimeoutMs());
        // Kafka's rule of thumb: heartbeat at most a third of the session timeout, so one lost
        // heartbeat does not evict a healthy member.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                Math.max(1, config.sessionTimeoutMs() / 3));
        // How long a dead instance's open transaction can block its partitions (see ProcessorConfig).
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), config.transactionTimeoutMs());
        // Under EOS a count becomes visible to read_committed readers of the changelog (and standbys)
        // only when the transaction commits: this bounds the write-to-read delay.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        // A fetch waits for a fuller batch (or FETCH_MAX_WAIT_MS) instead of returning as soon as one
        // record lands: under load each fetch carries many increments, so the processors handle (and the
        // brokers answer) fewer fetches per increment. The consumer prefix covers the main consumer and
        // the standbys' restore consumer alike.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), FETCH_MIN_BYTES);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), config.fetchMaxWaitMs());
        // Streams' high-availability assignor (the default when unset) also moves partitions to
        // instances holding a caught-up standby when one joins; the sticky one (KIP-924) keeps each
        // partition where it is unless balance needs the move.
        if (ProcessorConfig.STICKY.equals(config.taskAssignor())) {
            props.put(StreamsConfig.TASK_ASSIGNOR_CLASS_CONFIG, StickyTaskAssignor.class.getName());
        }
        // A new application counts every increment from the start of the topic, not only new ones.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Keys are counter keys and values the delta as decimal text (IncrementFormat), both strings.
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        // The cluster's security settings (SASL, TLS): Streams hands unprefixed client settings to all
        // its clients (consumers, producers, admin); the settings above win.
        config.kafkaClient().addTo(props);
        return props;
    }
}
