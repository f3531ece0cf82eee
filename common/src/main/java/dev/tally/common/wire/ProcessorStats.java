package dev.tally.common.wire;

/**
 * What a processor instance has done since it started (counters reset on restart).
 *
 * @param applied          increments applied to the counts store
 * @param merged           hot-key sums merged from the excess topic into the increments topic
 * @param deadLetters      records sent to the dead-letter topic
 * @param stale            increments applied more than {@code staleThresholdSec} after they were accepted
 * @param staleThresholdSec STALE_THRESHOLD_SEC of this instance
 */
public record ProcessorStats(String instance, long applied, long merged, long deadLetters, long stale, int staleThresholdSec) {
}
