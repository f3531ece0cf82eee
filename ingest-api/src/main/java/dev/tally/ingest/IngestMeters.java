package dev.tally.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingest side's figures in the process's registry: what {@code GET /metrics} exports and what
 * {@code GET /status} reads back (429s), so both show the same numbers.
 *
 * <ul>
 *   <li>{@code tally_queue_backlog{queue,partition}}: increments not yet applied, per partition, at the last Kafka reading;</li>
 *   <li>{@code tally_queue_admission_backlog{queue}}, {@code tally_queue_limit{queue}}, {@code tally_queue_in_flight{queue}}:
 *       the backlog admission decides on (reading + acknowledged since + in flight), its limit, sends awaiting Kafka;</li>
 *   <li>{@code tally_rejected_total{queue,reason}}: 429 answers; reason {@code queue_full} per queue, {@code rate_limited}
 *       with queue {@code any} (the limit is checked before a queue is chosen);</li>
 *   <li>{@code tally_hot_keys}: keys spilling to the excess queue now; {@code tally_hot_key_spills_total}: increments routed there;</li>
 *   <li>{@code tally_idempotent_replays_total}: increments answered from an earlier write of their Idempotency-Key;</li>
 *   <li>{@code tally_kafka_reading_age_seconds}, {@code tally_kafka_reading_failing}: how old the last cluster reading is,
 *       and 1 while the last attempt failed.</li>
 * </ul>
 */
public final class IngestMeters {

    public static final String REASON_QUEUE_FULL = "queue_full";
    public static final String REASON_RATE_LIMITED = "rate_limited";

    private final MeterRegistry registry;
    private final Map<IngestQueue, Counter> queueFull = new EnumMap<>(IngestQueue.class);
    private final Counter rateLimited;
    private final Counter spills;
    private final Counter replays;
    /** queue/partition pairs with a backlog gauge already: a partition seen once keeps its series. */
    private final Set<String> backlogGauges = ConcurrentHashMap.newKeySet();

    public IngestMeters(MeterRegistry registry) {
        this.registry = registry;
        for (IngestQueue queue : IngestQueue.values()) {
            queueFull.put(queue, rejected(queue.label(), REASON_QUEUE_FULL));
        }
        this.rateLimited = rejected("any", REASON_RATE_LIMITED);
        this.spills = Counter.builder("tally.hot.key.spills").description("increments routed to the excess queue")
                .register(registry);
        this.replays = Counter.builder("tally.idempotent.replays")
                .description("increments answered with the 202 of an earlier write of their Idempotency-Key").register(registry);
    }

    private Counter rejected(String queue, String reason) {
        return Counter.builder("tally.rejected").description("429 answers").tag("queue", queue).tag("reason", reason)
                .register(registry);
    }

    Counter queueFull(IngestQueue queue) {
        return queueFull.get(queue);
    }

    Counter rateLimited() {
        return rateLimited;
    }

    void spilled(int increments) {
        spills.increment(increments);
    }

    void replayed() {
        replays.increment();
    }

    /** The gauges read from the live objects at each scrape. */
    void watch(ClusterView cluster, QueueGate gate, HotKeyDetector hotKeys, Map<IngestQueue, Long> limits) {
        for (IngestQueue queue : IngestQueue.values()) {
            Gauge.builder("tally.queue.admission.backlog", gate, g -> g.backlog(queue)).tag("queue", queue.label())
                    .description("the backlog admission decides on: last reading + acknowledged since + in flight")
                    .register(registry);
            Gauge.builder("tally.queue.limit", limits, l -> l.get(queue)).tag("queue", queue.label()).register(registry);
            Gauge.builder("tally.queue.in.flight", gate, g -> g.inFlight(queue)).tag("queue", queue.label())
                    .description("sends awaiting Kafka's answer").register(registry);
        }
        Gauge.builder("tally.hot.keys", hotKeys, h -> h.hotKeys().size()).description("keys spilling to the excess queue now")
                .register(registry);
        Gauge.builder("tally.kafka.reading.age", cluster, c -> c.readingAgeMs() == null ? Double.NaN : c.readingAgeMs() / 1000.0)
                .baseUnit("seconds").register(registry);
        Gauge.builder("tally.kafka.reading.failing", cluster, c -> c.lastError() == null ? 0 : 1).register(registry);
        cluster.addListener(new ClusterView.Listener() {
            @Override
            public void readingStarts() {
            }

            @Override
            public void readingTaken(ClusterReading reading) {
                reading.partitions().forEach((queue, partitions) ->
                        partitions.keySet().forEach(partition -> backlogGauge(cluster, queue, partition)));
            }
        });
    }

    private void backlogGauge(ClusterView cluster, IngestQueue queue, int partition) {
        if (backlogGauges.add(queue.label() + "/" + partition)) {
            Gauge.builder("tally.queue.backlog", cluster, c -> {
                        PartitionReading p = c.partitions(queue).get(partition);
                        return p == null ? Double.NaN : p.backlog();
                    }).tag("queue", queue.label()).tag("partition", Integer.toString(partition))
                    .description("increments not yet applied, at the last Kafka reading").register(registry);
        }
    }
}
