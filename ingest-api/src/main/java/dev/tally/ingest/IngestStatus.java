package dev.tally.ingest;

import java.util.List;

/**
 * The ingest side of {@code GET /status}.
 *
 * @param liveBrokers the brokers registered with the controller quorum
 * @param queues  each queue's backlog (total and per partition), limit, in-flight sends and 429s
 * @param hotKeys the keys spilling to the excess queue right now (as this API replica counts them)
 */
public record IngestStatus(List<Integer> liveBrokers, List<QueueGate.QueueStatus> queues, List<HotKeyDetector.HotKey> hotKeys,
                           RateLimit rateLimit) {

    /** @param perSecond RATE_LIMIT_PER_CLIENT (0 = off); rejected = 429s answered for it */
    public record RateLimit(int perSecond, long rejected) {
    }
}
