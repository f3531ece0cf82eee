package dev.tally.ingest;

import dev.tally.server.http.ApiException;
import io.micrometer.core.instrument.Counter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds each queue: admits an increment only while the queue's backlog is under its limit, else
 * answers 429. The backlog is the last {@link ClusterView} reading plus what this API replica has
 * had acknowledged since that reading began, plus its sends still in flight, so a burst into one
 * replica is counted at once and other replicas' bursts within one poll.
 */
public final class QueueGate implements ClusterView.Listener {

    private final ClusterView cluster;
    private final Map<IngestQueue, Long> limits;
    private final IngestMeters meters;
    private final Map<IngestQueue, Lane> lanes = new EnumMap<>(IngestQueue.class);
    /** What this replica had acknowledged when the reading in progress began. */
    private volatile Map<IngestQueue, Long> marksOfNextReading = Map.of();
    private volatile Basis basis = new Basis(Map.of(), Map.of());

    /** @param meters where the 429s of each queue are counted */
    public QueueGate(ClusterView cluster, Map<IngestQueue, Long> limits, IngestMeters meters) {
        this.cluster = cluster;
        this.limits = Map.copyOf(limits);
        this.meters = meters;
        for (IngestQueue queue : IngestQueue.values()) {
            lanes.put(queue, new Lane(meters.queueFull(queue)));
        }
        cluster.addListener(this);
    }

    @Override
    public void readingStarts() {
        Map<IngestQueue, Long> marks = new EnumMap<>(IngestQueue.class);
        lanes.forEach((queue, lane) -> marks.put(queue, lane.acknowledged.get()));
        marksOfNextReading = marks;
    }

    @Override
    public void readingTaken(ClusterReading reading) {
        Map<IngestQueue, Long> backlogs = new EnumMap<>(IngestQueue.class);
        for (IngestQueue queue : IngestQueue.values()) {
            backlogs.put(queue, reading.backlog(queue));
        }
        basis = new Basis(backlogs, marksOfNextReading);
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
        // A backlog known only from a reading long gone stale would answer 429s that nothing can lift.
        cluster.requireFreshReading();
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
                throw queueFull(queue, lane, backlog, limit, count);
            }
            lane.inFlight.addAndGet(count);
        }
    }

    /**
     * Refuses at once when the queue has no room left for a single increment, reserving nothing: for
     * a batch, before its items are parsed and routed. Refusing it after that work made each 429 cost
     * the API as much as a write, so clients retrying into a full queue could take all its CPU.
     *
     * @throws ApiException 429 {@code queue_full}, as {@link #admit(Map)} would answer
     */
    public void refuseIfFull(IngestQueue queue) {
        cluster.requireFreshReading();
        Lane lane = lanes.get(queue);
        long backlog = backlog(queue);
        long limit = limits.get(queue);
        if (backlog >= limit) {
            throw queueFull(queue, lane, backlog, limit, 1);
        }
    }

    private static ApiException queueFull(IngestQueue queue, Lane lane, long backlog, long limit, int count) {
        lane.rejected.increment(); // 429 answers, not increments: a refused batch is one
        return ApiException.tooManyRequests("queue_full", "the " + queue.label() + " queue holds " + backlog
                        + " increments not yet applied, its limit is " + limit + " ("
                        + (queue == IngestQueue.MAIN ? "MAX_QUEUE_SIZE" : "SPILLOVER_QUEUE_SIZE") + ")"
                        + (count > 1 ? " and this batch needs " + count + " places in it" : "")
                        + "; back off and retry", 1)
                .withDetail("queue", queue.label())
                .withDetail("backlog", backlog)
                .withDetail("limit", limit);
    }

    /** Gives back the place {@link #admit} reserved; an acknowledged write stays in the backlog until the next reading sees it. */
    public void finished(IngestQueue queue, boolean acknowledged) {
        Lane lane = lanes.get(queue);
        if (acknowledged) {
            lane.acknowledged.incrementAndGet();
        }
        lane.inFlight.decrementAndGet();
    }

    /** The backlog admission decides on: last reading + acknowledged since it began + in flight. */
    public long backlog(IngestQueue queue) {
        Lane lane = lanes.get(queue);
        Basis b = basis;
        long since = lane.acknowledged.get() - b.marks.getOrDefault(queue, 0L);
        return b.backlogs.getOrDefault(queue, 0L) + since + lane.inFlight.get();
    }

    /** This replica's sends to the queue still awaiting Kafka's answer. */
    public long inFlight(IngestQueue queue) {
        return lanes.get(queue).inFlight.get();
    }

    public QueueStatus status(IngestQueue queue) {
        return new QueueStatus(queue.label(), queue.topic(), limits.get(queue), backlog(queue), cluster.partitions(queue),
                inFlight(queue), (long) lanes.get(queue).rejected.count(), cluster.readingAgeMs(), cluster.lastError());
    }

    /** Per queue: this replica's sends in flight, acknowledged writes, and 429s (the exported counter). */
    private static final class Lane {
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong acknowledged = new AtomicLong();
        final Counter rejected;

        Lane(Counter rejected) {
            this.rejected = rejected;
        }
    }

    /**
     * The queue backlogs of the last reading, with this replica's acknowledged counts when it began:
     * what a replica acknowledged after that moment is not in the reading yet.
     */
    private record Basis(Map<IngestQueue, Long> backlogs, Map<IngestQueue, Long> marks) {
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
