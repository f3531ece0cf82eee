package dev.tally.domain.wire;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a processor instance has done since it started (counters reset on restart).
 *
 * @param applied          increments applied to the counts store
 * @param merged           hot-key sums merged from the excess topic into the increments topic
 * @param deadLetters      records sent to the dead-letter topic
 * @param stale            increments applied more than {@code staleThresholdSec} after they were accepted
 * @param duplicates       increments skipped because their Idempotency-Key had already been applied
 * @param staleThresholdSec STALE_THRESHOLD_SEC of this instance
 * @param storeLag         partition → how many changelog records this instance's copy of the counts
 *                         store is behind (active and standby copies; empty while unknown)
 */
public record ProcessorStats(String instance, long applied, long merged, long deadLetters, long stale, long duplicates,
                             int staleThresholdSec, Map<Integer, Long> storeLag) {

    public ProcessorStats {
        storeLag = storeLag == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(storeLag));
    }
}
