package dev.tally.ingest;

import dev.tally.domain.Partitions;
import dev.tally.server.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds each queue: admits an increment only while the queue's backlog is under its limit, else
 * answers 429. The backlog is the last Kafka reading (polled every BACKLOG_POLL_MS) plus what this
 * API replica has had acknowledged since that reading began, plus its sends still in flight, so a
 * burst into one replica is counted at once and other replicas' bursts within one poll.
 */
public final class QueueGate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueGate.class);

    private final BacklogSource source;
    private final Map<IngestQueue, Long> limits;
    private final Clock clock;
    private final Map<IngestQueue, Lane> lanes = new EnumMap<>(IngestQueue.class);
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backlog-poller");
        t.setDaemon(true);
        return t;
    });
    private volatile Reading reading;
    private volatile String lastError;

    public QueueGate(BacklogSource source, Map<IngestQueue, Long> limits, Clock clock) {
        this.source = source;
        this.limits = Map.copyOf(limits);
        this.clock = clock;
        for (IngestQueue queue : IngestQueue.values()) {
            lanes.put(queue, new Lane());
        }
    }

    /** Starts polling Kafka for the backlogs in the background. */
    public QueueGate start(Duration every) {
        poller.scheduleWithFixedDelay(this::poll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Reads the backlogs once; the background poller calls this, tests call it directly. */
    public void poll() {
        Map<IngestQueue, Long> marks = new EnumMap<>(IngestQueue.class);
        lanes.forEach((queue, lane) -> marks.put(queue, lane.acknowledged.get()));
        Instant started = clock.instant();
        try {
            reading = new Reading(source.read(), source.liveBrokers(), marks, started);
            lastError = null;
        } catch (Exception e) {
            if (lastError == null) {
                log.warn("cannot read the queue backlogs from Kafka (keeping the last reading): {}", e.toString());
            }
            lastError = e.toString();
        }
    }

    /**
     * Reserves a place in the queue for one increment.
     *
     * @throws ApiException 429 {@code queue_full} naming the queue, with Retry-After
     */
    public void admit(IngestQueue queue) {
        admit(queue, 1);
    }

    /**
     * Reserves places for a whole batch, in every queue it needs, or for none of it: a batch is
     * never half admitted. Each admitted increment gives its place back through {@link #finished}.
     *
     * @param counts increments per queue
     * @throws ApiException 429 {@code queue_full} naming the first queue without room, with Retry-After
     */
    public void admit(Map<IngestQueue, Integer> counts) {
        Map<IngestQueue, Integer> reserved = new EnumMap<>(IngestQueue.class);
        try {
            counts.forEach((queue, count) -> {
                if (count > 0) {
                    admit(queue, count);
                    reserved.put(queue, count);
                }
            });
        } catch (ApiException e) {
            reserved.forEach((queue, count) -> lanes.get(queue).inFlight.addAndGet(-count));
            throw e;
        }
    }

    private void admit(IngestQueue queue, int count) {
        Lane lane = lanes.get(queue);
        long limit = limits.get(queue);
        if (count > limit) {
            // Even an empty queue could not take it: a 429 would invite retries that can never succeed.
            throw new ApiException(413, "batch_too_large", "this batch needs " + count + " places in the " + queue.label()
                    + " queue, more than its whole limit of " + limit + "; split it").withDetail("queue", queue.label());
        }
        synchronized (lane) {
            long backlog = backlog(queue);
            if (backlog + count > limit) {
                lane.rejected.incrementAndGet(); // 429 answers, not increments: a refused batch is one
                throw ApiException.tooManyRequests("queue_full", "the " + queue.label() + " queue holds " + backlog
                                + " increments not yet applied, its limit is " + limit + " ("
                                + (queue == IngestQueue.MAIN ? "MAX_QUEUE_SIZE" : "SPILLOVER_QUEUE_SIZE") + ")"
                                + (count > 1 ? " and this batch needs " + count + " places in it" : "")
                                + "; back off and retry", 1)
                        .withDetail("queue", queue.label())
                        .withDetail("backlog", backlog)
                        .withDetail("limit", limit);
            }
            lane.inFlight.addAndGet(count);
        }
    }

    /** Gives back the place {@link #admit} reserved; an acknowledged write stays in the backlog until the next reading sees it. */
    public void finished(IngestQueue queue, boolean acknowledged) {
        Lane lane = lanes.get(queue);
        if (acknowledged) {
            lane.acknowledged.incrementAndGet();
        }
        lane.inFlight.decrementAndGet();
    }

    /**
     * Refuses a quorum (acks=all) write at once when the last reading saw its partition with fewer
     * in-sync replicas than {@code min.insync.replicas}: Kafka would refuse it too, but only after
     * the producer retried for its whole delivery timeout. A reading is at most ~250 ms old.
     *
     * @throws ApiException 503 {@code not_enough_replicas}
     */
    public void requireQuorum(IngestQueue queue, String recordKey) {
        Reading r = reading;
        Map<Integer, PartitionReading> partitions = r == null ? Map.of() : r.partitions.getOrDefault(queue, Map.of());
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

    /** The backlog admission decides on: last reading + acknowledged since it began + in flight. */
    public long backlog(IngestQueue queue) {
        Lane lane = lanes.get(queue);
        Reading r = reading;
        long read = r == null ? 0 : r.total(queue);
        long since = lane.acknowledged.get() - (r == null ? 0 : r.marks.getOrDefault(queue, 0L));
        return read + since + lane.inFlight.get();
    }

    public QueueStatus status(IngestQueue queue) {
        Reading r = reading;
        return new QueueStatus(queue.label(), queue.topic(), limits.get(queue), backlog(queue),
                r == null ? Map.of() : r.partitions.getOrDefault(queue, Map.of()),
                lanes.get(queue).inFlight.get(), lanes.get(queue).rejected.get(),
                r == null ? null : Duration.between(r.takenAt, clock.instant()).toMillis(), lastError);
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

    /** Per queue: this replica's sends in flight, acknowledged writes, and 429s. */
    private static final class Lane {
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
    }

    /** The brokers the last reading found registered (empty before the first reading). */
    public List<Integer> liveBrokers() {
        Reading r = reading;
        return r == null ? List.of() : r.liveBrokers;
    }

    /** The broker leading a partition of a queue at the last reading; null before it or when leaderless. */
    public Integer leaderOf(IngestQueue queue, int partition) {
        Reading r = reading;
        PartitionReading p = r == null ? null : r.partitions.getOrDefault(queue, Map.of()).get(partition);
        return p == null || p.leader() < 0 ? null : p.leader();
    }

    /** One reading of the backlogs, with this replica's acknowledged counts at the moment it began. */
    private record Reading(Map<IngestQueue, Map<Integer, PartitionReading>> partitions, List<Integer> liveBrokers,
                           Map<IngestQueue, Long> marks, Instant takenAt) {
        long total(IngestQueue queue) {
            return partitions.getOrDefault(queue, Map.of()).values().stream().mapToLong(PartitionReading::backlog).sum();
        }
    }

    /**
     * A queue as {@code GET /status} shows it.
     *
     * @param readingAgeMs how old the last Kafka reading is (null before the first)
     */
    public record QueueStatus(String queue, String topic, long limit, long backlog, Map<Integer, PartitionReading> partitions,
                              long inFlight, long rejected, Long readingAgeMs, String readingError) {
    }
}
