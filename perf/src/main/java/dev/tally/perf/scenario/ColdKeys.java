package dev.tally.perf.scenario;

import dev.tally.domain.Partitions;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys that live on one chosen partition, found by trying names until the producer's own hash
 * (Partitions.forKey) puts them there: the cold keys that share a hot key's partition, so any
 * slow-down they see is the hot key's doing and not the luck of the hash.
 */
final class ColdKeys {

    /**
     * Each cold key should stay far below EXCESS_THRESHOLD (default 50 per 10 s), or it would turn
     * hot itself and take the excess path: about this many increments per key per phase.
     */
    static final int INCREMENTS_PER_KEY = 20;
    static final int MIN_KEYS = 50;

    private ColdKeys() {
    }

    /** The first {@code count} keys {@code prefix-0, prefix-1, …} that hash to {@code partition}. */
    static List<String> onPartition(String prefix, int partition, int partitions, int count) {
        if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("partition " + partition + " is not one of 0.." + (partitions - 1));
        }
        List<String> keys = new ArrayList<>(count);
        for (long i = 0; keys.size() < count; i++) {
            String key = prefix + "-" + i;
            if (Partitions.forKey(key, partitions) == partition) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** How many cold keys a phase of {@code totalIncrements} spreads over, so that each stays cold. */
    static int keysFor(long totalIncrements) {
        return (int) Math.max(MIN_KEYS, (totalIncrements + INCREMENTS_PER_KEY - 1) / INCREMENTS_PER_KEY);
    }
}
