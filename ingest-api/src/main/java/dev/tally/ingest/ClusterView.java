package dev.tally.ingest;

import dev.tally.domain.Partitions;
import dev.tally.server.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster as this API replica last read it, every BACKLOG_POLL_MS: each queue partition's
 * backlog, leader and in-sync replicas, and the brokers registered. Writes use it to refuse a
 * quorum write that cannot succeed and to name the leader in a 202; {@code GET /status} shows it;
 * {@link QueueGate} bounds the queues with it.
 */
public final class ClusterView implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterView.class);

    /** Told around each reading, so that a listener can relate its own counts to the moment a reading began. */
    public interface Listener {
        /** Called on the polling thread just before a reading is asked of Kafka. */
        void readingStarts();

        /** Called with the reading once it is in; not called when the reading failed. */
        void readingTaken(ClusterReading reading);
    }

    /**
     * A reading older than this is not decided on: with every poll failing (brokers unreachable) the last
     * backlog would turn into 429s that no processor progress can lift, and an ISR long gone stale
     * into wrong quorum answers. A healthy poll is ~150 ms apart; a struggling one can take a few seconds.
     */
    public static final Duration MAX_READING_AGE = Duration.ofSeconds(10);

    /**
     * How old a reading may be for a 202 to name a partition's leader from it: longer than a healthy
     * reading ever takes (each gives up after 2 s), shorter than a cut-off leader takes to be replaced
     * (the controllers fence it after 3 s, then the producer's request to it has to time out).
     */
    public static final Duration LEADER_MAX_AGE = Duration.ofSeconds(3);

    private final BacklogSource source;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-view-poller");
        t.setDaemon(true);
        return t;
    });
    private volatile ClusterReading reading;
    private volatile String lastError;

    public ClusterView(BacklogSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Starts reading the cluster in the background. */
    public ClusterView start(Duration every) {
        poller.scheduleWithFixedDelay(this::poll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Reads the cluster once; the background poller calls this, tests call it directly. */
    public void poll() {
        listeners.forEach(Listener::readingStarts);
        Instant started = clock.instant();
        try {
            ClusterReading taken = new ClusterReading(source.read(), source.liveBrokers(), started);
            reading = taken;
            lastError = null;
            listeners.forEach(l -> l.readingTaken(taken));
        } catch (Exception e) {
            if (lastError == null) {
                log.warn("cannot read the queue backlogs from Kafka (keeping the last reading): {}", e.toString());
            }
            lastError = e.toString();
        }
    }

    /** The last reading, or null before the first one came in. */
    public ClusterReading latest() {
        return reading;
    }

    /** Why the last attempt to read failed, or null when it succeeded. */
    public String lastError() {
        return lastError;
    }

    /**
     * Why the cluster cannot be said to answer: no reading yet, the last attempt failed, or the last
     * reading is older than {@code maxAge}; empty while Kafka answers.
     */
    public Optional<String> problem(Duration maxAge) {
        ClusterReading r = reading;
        String error = lastError;
        if (error != null) {
            return Optional.of("the last reading of the Kafka cluster failed: " + error);
        }
        if (r == null) {
            return Optional.of("the Kafka cluster has not been read yet");
        }
        long ageMs = ageMs(r);
        return ageMs > maxAge.toMillis()
                ? Optional.of("the last reading of the Kafka cluster is " + ageMs + " ms old")
                : Optional.empty();
    }

    /** Milliseconds since a reading was taken; asked on every write, so without allocating. */
    private long ageMs(ClusterReading r) {
        return clock.millis() - r.takenAt().toEpochMilli();
    }

    /** How old the last reading is, or null before the first. */
    public Long readingAgeMs() {
        ClusterReading r = reading;
        return r == null ? null : ageMs(r);
    }

    /**
     * Refuses a write while the last reading is older than {@link #MAX_READING_AGE}: Kafka has not
     * answered the readings since, so neither the backlog nor the ISR the write would be judged by is known.
     *
     * @throws ApiException 503 {@code kafka_unavailable}, with Retry-After
     */
    public void requireFreshReading() {
        ClusterReading r = reading;
        if (r == null) {
            return;
        }
        long ageMs = ageMs(r);
        if (ageMs > MAX_READING_AGE.toMillis()) {
            throw ApiException.unavailable("kafka_unavailable", "Kafka has not answered this API's readings for "
                            + ageMs / 1000 + " s (" + lastError + "); the increment was not written")
                    .withRetryAfter(1)
                    .withDetail("reading_age_ms", ageMs);
        }
    }

    /**
     * Refuses a quorum (acks=all) write at once when the last reading saw its partition with fewer
     * in-sync replicas than {@code min.insync.replicas}: Kafka would refuse it too, but only after
     * the producer retried for its whole delivery timeout. A reading is at most ~250 ms old.
     *
     * @throws ApiException 503 {@code not_enough_replicas}
     */
    public void requireQuorum(IngestQueue queue, String recordKey) {
        Map<Integer, PartitionReading> partitions = partitions(queue);
        if (partitions.isEmpty()) {
            return;
        }
        int partition = Partitions.forKey(recordKey, partitions.size());
        PartitionReading p = partitions.get(partition);
        if (p != null && !p.acceptsQuorumWrites()) {
            throw ApiException.unavailable("not_enough_replicas", "not enough in-sync replicas: partition " + partition
                            + " of " + queue.topic() + " has " + p.isr().size() + " in sync, min.insync.replicas is "
                            + p.minInsyncReplicas() + "; the increment was not written")
                    .withDetail("topic", queue.topic())
                    .withDetail("partition", partition)
                    .withDetail("in_sync_replicas", p.isr().size())
                    .withDetail("min_insync_replicas", p.minInsyncReplicas());
        }
    }

    /** Each partition of a queue's topic at the last reading (empty before it). */
    public Map<Integer, PartitionReading> partitions(IngestQueue queue) {
        ClusterReading r = reading;
        return r == null ? Map.of() : r.partitions().getOrDefault(queue, Map.of());
    }

    /** One partition's log end read now (see {@link BacklogSource#logEnd}); empty when it cannot be told in time. */
    public OptionalLong freshLogEnd(IngestQueue queue, int partition, Duration deadline) {
        return source.logEnd(queue, partition, deadline);
    }

    /** The brokers the last reading found registered (empty before the first reading). */
    public List<Integer> liveBrokers() {
        ClusterReading r = reading;
        return r == null ? List.of() : r.liveBrokers();
    }

    /**
     * The broker leading a partition of a queue at the last reading; null before it, when leaderless, and
     * when the reading may no longer hold: the last attempt to read failed, or the reading is older than
     * {@link #LEADER_MAX_AGE}. A leader cut off from the cluster keeps failing the readings while the
     * producer moves on to its successor, and a 202 naming the broker that could not have written it
     * would mislead whoever follows the write.
     */
    public Integer leaderOf(IngestQueue queue, int partition) {
        ClusterReading r = reading;
        if (r == null || lastError != null || ageMs(r) > LEADER_MAX_AGE.toMillis()) {
            return null;
        }
        PartitionReading p = r.partitions().getOrDefault(queue, Map.of()).get(partition);
        return p == null || p.leader() < 0 ? null : p.leader();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            source.close();
        } catch (Exception e) {
            log.debug("closing the backlog source", e);
        }
    }
}
