package dev.tally.api;

import dev.tally.ingest.HotKeyDetector;
import dev.tally.ingest.IngestApi;
import dev.tally.ingest.IngestStatus;
import dev.tally.ingest.QueueGate;
import dev.tally.query.ProcessorView;
import dev.tally.query.QueryApi;
import dev.tally.server.http.ApiException;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code GET /status}: which API replica answered and which replicas answer, the
 * brokers (up, partitions led) and topics (under-replicated partitions), the queues (per partition:
 * backlog, leader, replicas, ISR, write quorum; per queue: limit, 429s), the keys spilling to the
 * excess queue, the rate limit, and each processor with its partitions, stats and store lag per partition.
 *
 * @param staleIncrements increments applied later than STALE_THRESHOLD_SEC after their 202, summed over the processors that answered
 * @param processorsError why the processors could not be listed, if they could not
 */
public record ApiStatus(
        int answeredBy,
        List<ApiReplicas.Replica> apiReplicas,
        List<KafkaView.Broker> brokers,
        List<KafkaView.Topic> topics,
        List<Integer> liveBrokers,
        List<QueueGate.QueueStatus> queues,
        List<HotKeyDetector.HotKey> hotKeys,
        IngestStatus.RateLimit rateLimit,
        List<ProcessorView> processors,
        long staleIncrements,
        String processorsError) {

    public static ApiStatus of(IngestApi ingest, QueryApi query, ApiReplicas replicas) {
        IngestStatus queues = ingest.status();
        List<ProcessorView> processors = List.of();
        String error = null;
        try {
            processors = query.processors();
        } catch (ApiException e) {
            error = e.getMessage();
        }
        long stale = processors.stream().map(ProcessorView::stats).filter(Objects::nonNull)
                .mapToLong(stats -> stats.stale()).sum();
        KafkaView kafka = KafkaView.of(queues);
        return new ApiStatus(replicas.self(), replicas.probe(), kafka.brokers(), kafka.topics(),
                queues.liveBrokers(), queues.queues(), queues.hotKeys(), queues.rateLimit(), processors, stale, error);
    }
}
